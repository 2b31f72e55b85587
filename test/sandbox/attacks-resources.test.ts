// Attack cases: resources. Limits here are small (see SMALL_LIMITS) so each case ends in a second
// or two: processes (RLIMIT_NPROC, counted per sandbox in its own user namespace), address space,
// CPU seconds, wall-clock time, file size, tmpfs size, open files and output size. Each case
// checks that the run ended the way the limit says and left nothing behind on the host.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { attack, hostProcessesMatching, hostUnsafe, killMatching, skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
});

// Every process a case starts carries a marker unique to this run in its command line, so the
// checks and the clean-up below never count or kill another program's processes (another suite's
// sandbox runs /sandbox/main.sh too).
const markers: string[] = [];
function marker(label: string): string {
    const made = uniqueMarker(label);
    markers.push(made);
    return made;
}

after(() => { for (const made of markers) killMatching(made); });

test("attack 28: a fork bomb is stopped by the process limit and dies with the run", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const bomb = marker("fork-bomb");
    const result = await sandbox.run({
        language: "shell",
        // bash -c with the marker as $0: every forked copy of the bomb shows it in its command line.
        code: `exec bash -c 'bomb() { bomb | bomb & }; bomb; sleep 1; echo "bomb placed"' ${bomb}`,
        limits: { processes: 32, timeoutMs: 3_000 },
    });
    assert.ok(result.killedReason === undefined || result.killedReason === "timeout", "the run ends, at the latest at its timeout");
    // The run's result comes after its launcher is gone, and the pid namespace dies with the launcher.
    assert.deepEqual(hostProcessesMatching(bomb), [], "no bomb process survives");
    assert.match(result.stderr, /fork: .*Resource temporarily unavailable/, "forks were refused");
    const probe = await sandbox.run({ language: "shell", code: "echo fine" });
    assert.equal(probe.stdout, "fine\n", "the machine still starts sandboxes");
});

test("attack 29: forking in a loop hits the process limit (EAGAIN), counted per sandbox", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const result = await sandbox.run({
        language: "python",
        limits: { processes: 20 },
        code: [
            "import os, time",
            "n = 0",
            "for i in range(500):",
            "    try:",
            "        if os.fork() == 0:",
            "            time.sleep(3); os._exit(0)",
            "        n += 1",
            "    except OSError as e:",
            "        print('fork refused:', e.strerror); break",
            "print('forked', n)",
        ].join("\n"),
    });
    assert.match(result.stdout, /fork refused: Resource temporarily unavailable/);
    const forked = Number(/forked (\d+)/.exec(result.stdout)?.[1]);
    assert.ok(forked < 20, `at most the limit (forked ${forked})`);
});

test("attack 30: a memory bomb hits the address-space limit (python MemoryError, node heap failure)", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const py = await sandbox.run({
        language: "python", limits: { memoryBytes: 256 * 1024 * 1024 },
        code: "blocks = []\ntry:\n    while True: blocks.append(bytearray(16 * 1024 * 1024))\nexcept MemoryError:\n    print('MemoryError after', len(blocks) * 16, 'MiB')",
    });
    assert.match(py.stdout, /MemoryError after \d+ MiB/);
    assert.ok(Number(/after (\d+)/.exec(py.stdout)?.[1]) <= 256);
    // V8 reserves most of its address space up front, so node gets a larger limit to start at all.
    const node = await sandbox.run({
        language: "node", limits: { memoryBytes: 1024 * 1024 * 1024 },
        code: "const a = []; try { for (;;) a.push(Buffer.alloc(16 * 1024 * 1024, 1)); } catch (e) { console.log('refused after', a.length * 16, 'MiB:', e.message); }",
    });
    assert.match(node.stdout, /refused after \d+ MiB/);
    assert.ok(Number(/after (\d+)/.exec(node.stdout)?.[1]) <= 1024);
});

test("attack 31: an infinite loop is killed at the CPU-time limit", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, { language: "python", code: "while True: pass", limits: { cpuSeconds: 1, timeoutMs: 8_000 } });
    assert.equal(result.killedReason, "cpu-limit");
    assert.equal(result.signal, "SIGXCPU");
    assert.equal(result.timedOut, false);
});

test("attack 32: sleeping forever is killed at the wall-clock timeout, whole tree included", async (t) => {
    if (skip) return t.skip(skip);
    const sleeper = marker("sleeper");
    const result = await attack(sandbox, { language: "shell", code: `(exec -a ${sleeper} sleep 1000) & exec -a ${sleeper} sleep 1000; echo never`, limits: { timeoutMs: 1_500 } });
    assert.equal(result.timedOut, true);
    assert.equal(result.killedReason, "timeout");
    assert.equal(result.exitCode, null);
    assert.ok(result.durationMs >= 1_400, `not before the timeout (${result.durationMs} ms)`);
    assert.doesNotMatch(result.stdout, /never/);
    assert.deepEqual(hostProcessesMatching(sleeper), []);
});

test("attack 33: a disk filler hits the file-size limit, then the tmpfs size; the host disk is not touched", async (t) => {
    const unsafe = hostUnsafe(sandbox); // unisolated, it would fill the host's /tmp
    if (unsafe) return t.skip(unsafe);
    const result = await attack(sandbox, {
        language: "python",
        code: [
            "import os",
            "chunk = b'x' * (1024 * 1024)",
            "def fill(path):",
            "    written = 0",
            "    try:",
            "        with open(path, 'wb') as f:",
            "            while written < 1024:",
            "                f.write(chunk); f.flush(); written += 1",
            "    except OSError as e:",
            "        return '%s after %d MiB' % (e.strerror, written)",
            "    return 'wrote %d MiB' % written",
            "print('one file:', fill('/tmp/big'))",
            "os.remove('/tmp/big')",
            "results = [fill('/tmp/part%d' % i) for i in range(8)]",
            "print('many files:', results[-1])",
            "print('home:', fill(os.path.expanduser('~/big')))",
            "print('shm:', fill('/dev/shm/big'))",
        ].join("\n"),
    });
    assert.match(result.stdout, /one file: File too large after 8 MiB/);
    assert.match(result.stdout, /many files: No space left on device/);
    assert.match(result.stdout, /home: File too large after 8 MiB/);
    assert.match(result.stdout, /shm: (File too large|No space left on device)/);
});

test("attack 34: an output flood is capped with a [truncated] marker while the pipe keeps draining", async (t) => {
    if (skip) return t.skip(skip);
    const rssBefore = process.memoryUsage().rss;
    const result = await attack(sandbox, {
        language: "shell",
        code: "head -c 60000000 /dev/zero | tr '\\0' 'a'; head -c 20000000 /dev/zero | tr '\\0' 'b' >&2; echo; echo THE-END",
    });
    assert.equal(result.truncated, true);
    assert.equal(result.exitCode, 0, "the program was not blocked by a full pipe");
    assert.match(result.stdout, /\[truncated: \d+ bytes of output omitted\]/);
    assert.match(result.stdout, /THE-END\n$/, "the end of the output is kept");
    assert.ok(result.stdout.length < 17_000 && result.stderr.length < 17_000);
    assert.ok(process.memoryUsage().rss - rssBefore < 150 * 1024 * 1024, "memory stays bounded");
});

test("attack 35: thread and file-descriptor exhaustion hit their limits", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const result = await sandbox.run({
        language: "python",
        limits: { processes: 32, openFiles: 64 },
        code: [
            "import threading, time",
            "threads = []",
            "try:",
            "    for i in range(1000):",
            "        t = threading.Thread(target=time.sleep, args=(2,), daemon=True); t.start(); threads.append(t)",
            "except RuntimeError as e:",
            "    print('threads refused after', len(threads), ':', e)",
            "files = []",
            "try:",
            "    for i in range(10000): files.append(open('/dev/null'))",
            "except OSError as e:",
            "    print('files refused after', len(files), ':', e.strerror)",
        ].join("\n"),
    });
    assert.match(result.stdout, /threads refused after \d+ : can't start new thread/);
    assert.match(result.stdout, /files refused after \d+ : Too many open files/);
});

test("attack 36: a program reading stdin gets end-of-file at once instead of hanging the run", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, { language: "python", code: "import sys\nprint('read', repr(sys.stdin.read()))" });
    assert.equal(result.stdout, "read ''\n");
});
