// Attack cases: descriptors a careless launcher left open. The server is started (as root, and
// as an unprivileged user) with a host file open on fd 40 and a pipe on fd 251, neither
// close-on-exec, as `npm start`, a terminal or a dev container's launcher may leave them. A
// program in every mode (sandboxed run, sandboxed python session, approved unsandboxed run and
// session) writes into every fd from 3 to 1023 and into every /proc/<pid>/fd it can see; the host
// file and the other end of the pipe must receive nothing.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Readable } from "node:stream";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { hostFixture, SELF_CHECK, skipUnlessIsolated, smallSandbox, type HostFixture } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let host: HostFixture;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    host = hostFixture();
    chmodSync(host.root, 0o755);
});

after(() => host.cleanup());

const ORIGINAL = "host log line\n";

interface LeakRun {
    results: Record<string, string>;
    fileAfter: string;
    pipeReceived: string;
}

/** Starts the leaky server with the file on fd 40 and a pipe on fd 251, and collects what reached them. */
async function runLeakyServer(as: { uid: number; gid: number } | null): Promise<LeakRun> {
    const file = join(host.root, `host-log-${as === null ? "server" : as.uid}.txt`);
    writeFileSync(file, ORIGINAL);
    const fd = openSync(file, "a"); // no O_CLOEXEC once handed to the child: that is the careless part
    const stdio: ("ignore" | "pipe" | number)[] = Array.from({ length: 252 }, () => "ignore");
    stdio[1] = "pipe";
    stdio[2] = "pipe";
    stdio[40] = fd;
    stdio[251] = "pipe";
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures", "leaky-server.ts"), file], {
        stdio, cwd: join(import.meta.dirname, "..", ".."), env: { ...process.env, HOME: host.home },
        ...(as === null ? {} : { uid: as.uid, gid: as.gid }),
    });
    closeSync(fd);
    let stdout = "";
    let stderr = "";
    let pipeReceived = "";
    child.stdout!.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr!.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    // node types stdio as a 5-tuple; the child was given 252 descriptors, the last one a pipe.
    const pipe = (child.stdio as unknown as Array<Readable | null>)[251]!;
    pipe.on("data", (chunk: Buffer) => { pipeReceived += chunk.toString(); });
    // The pipe closes when every holder of its write end is gone: the server and anything it passed it to.
    const pipeClosed = new Promise((resolve) => pipe.once("close", resolve));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    await pipeClosed;
    assert.equal(code, 0, `the leaky server ran (stderr: ${stderr})`);
    return { results: JSON.parse(stdout) as Record<string, string>, fileAfter: readFileSync(file, "utf8"), pipeReceived };
}

function assertNothingArrived(run: LeakRun, modes: readonly string[]): void {
    for (const mode of modes) assert.equal(run.results[mode], "tried", `the ${mode} program ran`);
    assert.equal(run.fileAfter, ORIGINAL, "the host file open on fd 40 is unchanged");
    assert.equal(run.pipeReceived, "", "nothing arrived through the pipe on fd 251");
}

test("attack 38: descriptors the server inherited (a host file on fd 40, a pipe on fd 251) are closed before any program runs", async (t) => {
    if (skip) return t.skip(skip);
    const run = await runLeakyServer(null);
    assertNothingArrived(run, SELF_CHECK ? ["unisolated"] : ["sandboxed", "sandboxedShell", "session", "unsandboxed", "unsandboxedSession"]);
});

test("attack 39: the same with the server running as an unprivileged user", async (t) => {
    if (skip) return t.skip(skip);
    if (process.getuid?.() !== 0) return t.skip("the test process is not root, so the case above already ran as a normal user");
    const run = await runLeakyServer({ uid: 65534, gid: 65534 });
    assertNothingArrived(run, SELF_CHECK ? ["unisolated"] : ["sandboxed", "sandboxedShell", "session", "unsandboxed", "unsandboxedSession"]);
});
