// Every limit that stops a run is named: in `limitsHit` (the one that stopped it first) and in
// words in `notice`, which the model's tool text and the user's transcript show. Each case runs
// a real program into one limit and checks the name and the sentence, never the program's own
// output. Output cut at the cap keeps head and tail with a count and collapses repetition.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { formatRun } from "../../server/agent/tools/run-code-tool.ts";
import { WorkspaceError, type Sandbox } from "../../server/sandbox/index.ts";
import { hostFixture, skipUnlessIsolated, smallSandbox, type HostFixture } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let host: HostFixture;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    host = hostFixture();
});

after(() => host.cleanup());

test("limit 01: an address-space limit is named (memory), not left as exit code 1 and a MemoryError", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", limits: { memoryBytes: 256 * 1024 * 1024 }, code: "data = bytearray(1024 * 1024 * 1024)" });
    assert.equal(result.exitCode, 1);
    assert.deepEqual(result.limitsHit, ["memory"]);
    assert.match(result.notice ?? "", /address-space limit is 256 MiB per process \(memoryBytes\)/);
    assert.match(formatRun(result), /note: Limit reached\. It ran out of memory/, "the model's tool text says it");
});

test("limit 02: the CPU limit is named", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", limits: { cpuSeconds: 1 }, code: "while True: pass" });
    assert.deepEqual(result.limitsHit, ["cpu"]);
    assert.match(result.notice ?? "", /CPU time: 1 s per process/);
});

test("limit 03: a fork bomb is named as the process limit, in a one-shot run and when it runs into the timeout", async (t) => {
    if (skip) return t.skip(skip);
    const ended = await sandbox.run({ language: "shell", limits: { processes: 24 }, code: "for i in $(seq 60); do sleep 30 & done 2>/dev/null; echo placed" });
    assert.ok(ended.limitsHit?.includes("processes"), `named (${JSON.stringify(ended.limitsHit)})`);
    assert.match(ended.notice ?? "", /process limit: 24 processes and threads/);
    const timedOut = await sandbox.run({ language: "shell", limits: { processes: 24, timeoutMs: 2_000 }, code: "bomb() { bomb | bomb & }; bomb 2>/dev/null; sleep 60" });
    assert.deepEqual(timedOut.limitsHit?.slice(0, 1), ["timeout"]);
    assert.ok(timedOut.limitsHit?.includes("processes"), `named (${JSON.stringify(timedOut.limitsHit)})`);
});

test("limit 04: the file-size limit is named from SIGXFSZ (shell) and from EFBIG (python)", async (t) => {
    if (skip) return t.skip(skip);
    const shell = await sandbox.run({ language: "shell", code: "head -c 20000000 /dev/zero > /tmp/big" });
    assert.equal(shell.signal, "SIGXFSZ");
    assert.deepEqual(shell.limitsHit, ["file-size"]);
    assert.match(shell.notice ?? "", /file-size limit of 8 MiB \(fileSizeBytes\)/);
    const python = await sandbox.run({ language: "python", code: "open('/tmp/big', 'wb').write(b'x' * 20_000_000)" });
    assert.deepEqual(python.limitsHit, ["file-size"]);
});

test("limit 05: a full scratch folder is named even when the program carries on and exits 0", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "shell", limits: { fileSizeBytes: 64 * 1024 * 1024 }, code: "head -c 60000000 /dev/zero > /tmp/fill 2>/dev/null; echo carried on" });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.limitsHit, ["scratch"]);
    assert.match(result.notice ?? "", /scratch space filled up: 32 MiB .*full: \/tmp/);
});

test("limit 06: the open-files limit is named (python EMFILE)", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", limits: { openFiles: 32 }, code: "files = [open('/dev/null') for i in range(100)]" });
    assert.deepEqual(result.limitsHit, ["open-files"]);
});

test("limit 07: the wall clock is named; a run within every limit names none", async (t) => {
    if (skip) return t.skip(skip);
    const slow = await sandbox.run({ language: "shell", limits: { timeoutMs: 500 }, code: "sleep 30" });
    assert.deepEqual(slow.limitsHit, ["timeout"]);
    assert.match(slow.notice ?? "", /wall-clock limit of 0\.5 s/);
    const fine = await sandbox.run({ language: "python", code: "print(sum(range(10)))" });
    assert.deepEqual(fine.limitsHit, []);
    assert.equal(fine.notice, undefined);
});

test("limit 08: a flood cut at the cap shows head and tail with a count, repeated lines and characters collapsed", async (t) => {
    if (skip) return t.skip(skip);
    const lines = await sandbox.run({ language: "shell", code: "echo first; yes 'the same line' | head -n 200000; echo last" });
    assert.deepEqual(lines.limitsHit, ["output"]);
    assert.match(lines.stdout, /^first\nthe same line\n\[… the line above repeated \d+ more times\]\n/);
    assert.match(lines.stdout, /\[truncated: \d+ bytes of output omitted\]/);
    assert.match(lines.stdout, /the same line\n\[… the line above repeated \d+ more times\]\nlast\n$/);
    assert.ok(lines.stdout.length < 400, `a few lines, not 16 KiB of one (${lines.stdout.length} characters)`);
    const chars = await sandbox.run({ language: "shell", code: "head -c 3000000 /dev/zero | tr '\\0' a; echo; echo end" });
    assert.match(chars.stdout, /^a{16}\[… \d+ more "a"\]\n\[truncated: \d+ bytes of output omitted\]\na{16}\[… \d+ more "a"\]\nend\n$/);
    assert.match(chars.notice ?? "", /output was cut at 16 KiB per stream/);
});

test("limit 09: a workspace the sandbox's user cannot enter gets one sentence saying why and what to do", async (t) => {
    if (skip) return t.skip(skip);
    if (process.getuid?.() !== 0) return t.skip("only a root server runs the sandbox as another uid");
    const locked = join(host.root, "locked-project");
    mkdirSync(locked);
    writeFileSync(join(locked, "main.py"), "print('hi')\n");
    chmodSync(locked, 0o700);
    await assert.rejects(
        sandbox.run({ language: "python", code: "print(open('main.py').read())", workspace: { path: locked, mode: "readonly" } }),
        (error: unknown) => {
            assert.ok(error instanceof WorkspaceError);
            assert.match(error.message, /^The sandbox cannot open the workspace folder .*locked-project: the server runs as root, so the sandbox runs as the unprivileged uid 65534, and the folder \(mode 0700, owner uid 0\) does not let others read it; run the editor's server as a normal user, or allow others to read the folder \(chmod o\+rx\)\.$/);
            assert.doesNotMatch(error.message, /bwrap|chdir/);
            return true;
        },
    );
    chmodSync(locked, 0o755);
    const readable = await sandbox.run({ language: "python", code: "print(open('main.py').read())", workspace: { path: locked, mode: "readonly" } });
    assert.equal(readable.stdout, "print('hi')\n\n");
});
