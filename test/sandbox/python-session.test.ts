// The stateful python session (gpt-oss's `python` tool): one interpreter in one sandbox keeps its
// variables between calls; each call has its own timeout; a call that times out or is aborted
// kills the session and says so, and the next call starts afresh and says that too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { PythonSession, Sandbox } from "../../server/sandbox/index.ts";
import { hostProcessesMatching, skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
const sessions: PythonSession[] = [];

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
});

after(() => {
    for (const session of sessions) session.dispose();
});

function newSession(timeoutMs = 5_000): PythonSession {
    const session = sandbox.createPythonSession({ limits: { timeoutMs } });
    sessions.push(session);
    return session;
}

test("session 01: variables, imports and functions persist between calls", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    const first = await session.exec("import math\nx = 41\ndef double(v):\n    return v * 2\nprint('set')");
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stdout, "set\n");
    const second = await session.exec("x += 1\nprint(double(x), math.pi > 3)");
    assert.equal(second.stdout, "84 True\n");
    assert.equal(second.isolation, "bubblewrap");
    assert.equal(second.notice, undefined);
});

test("session 02: the value of a final expression is shown, as in a notebook", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    assert.equal((await session.exec("[n * n for n in range(4)]")).stdout, "[0, 1, 4, 9]\n");
    assert.equal((await session.exec("y = 3")).stdout, "");
    assert.equal((await session.exec("None")).stdout, "");
});

test("session 03: an exception fails the call (exit 1, traceback) but keeps the session and its state", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    await session.exec("kept = 'still here'");
    const failed = await session.exec("a = 1\nb = undefined_name + a");
    assert.equal(failed.exitCode, 1);
    assert.match(failed.stderr, /line 2, in <module>\n\s+b = undefined_name \+ a/);
    assert.match(failed.stderr, /NameError: name 'undefined_name' is not defined/);
    assert.doesNotMatch(failed.stderr, /driver\.py/, "the driver's own frames are hidden");
    assert.equal((await session.exec("print(kept, a)")).stdout, "still here 1\n");
    const syntax = await session.exec("def broken(:");
    assert.equal(syntax.exitCode, 1);
    assert.match(syntax.stderr, /SyntaxError/);
    assert.equal(session.alive, true);
});

test("session 04: a call that times out kills the session and says so; the next call starts fresh and says so", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession(1_500);
    await session.exec("state = 'before'");
    const started = performance.now();
    const slow = await session.exec("import time\nprint('working', flush=True)\ntime.sleep(30)");
    assert.equal(slow.timedOut, true);
    assert.equal(slow.killedReason, "timeout");
    assert.equal(slow.stdout, "working\n");
    assert.match(slow.notice ?? "", /The python session ended \(it was stopped at the time limit\): every variable, import and function from earlier calls is gone/);
    assert.ok(performance.now() - started < 4_000);
    assert.equal(session.alive, false);
    const next = await session.exec("print('state' in globals())");
    assert.equal(next.stdout, "False\n");
    assert.match(next.notice ?? "", /new python session was started/);
});

test("session 05: abort stops the current call promptly (and the session with it)", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession(20_000);
    await session.exec("x = 1");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const result = await session.exec("while True: pass", { signal: controller.signal });
    assert.equal(result.killedReason, "aborted");
    assert.ok(performance.now() - started < 2_000);
    assert.equal(session.alive, false);
});

test("session 06: each call's output is its own, also when a call prints without a newline", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    const one = await session.exec("import sys\nprint('one', end='')\n_ = sys.stderr.write('err-one')");
    const two = await session.exec("print('two')");
    assert.equal(one.stdout, "one");
    assert.equal(one.stderr, "err-one");
    assert.equal(two.stdout, "two\n");
    assert.equal(two.stderr, "");
});

test("session 07: input() gets end-of-file rather than the session's control channel; exit() ends only the call", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    const read = await session.exec("try:\n    input()\nexcept EOFError:\n    print('eof')");
    assert.equal(read.stdout, "eof\n");
    const exited = await session.exec("v = 5\nexit(2)");
    assert.equal(exited.exitCode, 2);
    assert.equal((await session.exec("v")).stdout, "5\n", "the session survived exit()");
});

test("session 08: dispose kills the interpreter and later calls are refused", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    // The driver's command line holds its session's random end-marker token: a mark no other program's process has.
    const token = (await session.exec("print(open('/proc/self/cmdline').read().split('\\0')[6])")).stdout.trim();
    assert.match(token, /^[0-9a-f]{24}$/);
    assert.equal(hostProcessesMatching(token).length > 0, true, "the session's interpreter is found by its token");
    const pending = session.exec("import time\ntime.sleep(30)");
    // A sleeping cell: dispose must kill it mid-call (no event to await for "the cell has started sleeping").
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.dispose();
    const result = await pending;
    assert.equal(result.killedReason, "session-disposed");
    await assert.rejects(session.exec("print(1)"), /disposed/);
    await session.whenStopped();
    assert.deepEqual(hostProcessesMatching(token), [], "this session's processes are gone");
});

test("session 09: calls are queued: concurrent calls run one after the other on the same state", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    await session.exec("items = []");
    const results = await Promise.all([1, 2, 3].map((n) => session.exec(`items.append(${n})\nprint(items)`)));
    assert.deepEqual(results.map((r) => r.stdout), ["[1]\n", "[1, 2]\n", "[1, 2, 3]\n"]);
});

test("session 10: the session is contained like any run (no network, no host folders, unprivileged uid)", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    const result = await session.exec([
        "import socket, os",
        "try:\n    socket.create_connection(('1.1.1.1', 80), timeout=2); print('CONNECTED')\nexcept OSError:\n    print('no network')",
        "print(os.path.exists('/root'), os.getuid())",
    ].join("\n"));
    assert.equal(result.stdout, "no network\nFalse 1000\n");
});

test("session 11: processes a cell leaves running are ended and reported; the next cell starts with every slot free", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("session-leftover");
    const session = newSession();
    const first = await session.exec([
        "import subprocess",
        `subprocess.Popen(['sh', '-c', 'sleep 300; : ${marker}'])`,
        `subprocess.Popen(['sh', '-c', '(sleep 300; : ${marker}) & sleep 300; : ${marker}'])`,
        "kept = 'still here'",
    ].join("\n"));
    assert.equal(first.exitCode, 0);
    assert.match(first.notice ?? "", /^The cell left \d+ processes running; they were ended, so the next cell has all 64 process slots again\.$/);
    assert.deepEqual(hostProcessesMatching(marker), [], "none of them is left on the machine");
    const next = await session.exec("import os\nprint(kept, [p for p in os.listdir('/proc') if p.isdigit() and p not in ('1', str(os.getpid()))])");
    assert.equal(next.stdout, "still here []\n");
    assert.equal(next.notice, undefined, "nothing to report after a tidy cell");
});

test("session 12: a fork bomb in one cell is named as the process limit; the next cell runs normally with its state", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession(15_000);
    await session.exec("before = 41");
    const bomb = await session.exec([
        "import os, time",
        "while True:",
        "    if os.fork() == 0:",
        "        time.sleep(300)",
    ].join("\n"));
    assert.equal(bomb.exitCode, 1);
    assert.deepEqual(bomb.limitsHit, ["processes"]);
    assert.match(bomb.notice ?? "", /It reached the process limit: 64 processes and threads at once \(processes\)\. The cell left \d+ processes running; they were ended/);
    const normal = await session.exec("import subprocess\nprint(before + 1, subprocess.run(['echo', 'forks again'], capture_output=True, text=True).stdout.strip())");
    assert.equal(normal.exitCode, 0);
    assert.equal(normal.stdout, "42 forks again\n");
    assert.deepEqual(normal.limitsHit, []);
});

test("session 13: a memory hog is named as the memory limit, the memory the session holds is reported, and freeing it helps", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    const hog = await session.exec("hog = bytearray(700 * 1024 * 1024)\nlen(hog) // (1024 * 1024)");
    assert.equal(hog.stdout, "700\n");
    assert.match(hog.notice ?? "", /The session's interpreter holds \d+ MiB of its 1024 MiB address space \(values kept from earlier cells\)/);
    const more = await session.exec("more = bytearray(500 * 1024 * 1024)");
    assert.equal(more.exitCode, 1);
    assert.deepEqual(more.limitsHit, ["memory"]);
    assert.match(more.notice ?? "", /It ran out of memory: the address-space limit is 1024 MiB per process/);
    const freed = await session.exec("del hog\nmore = bytearray(500 * 1024 * 1024)\nprint('allocated')");
    assert.equal(freed.stdout, "allocated\n");
    assert.deepEqual(freed.limitsHit, []);
});

test("session 14: after the interpreter dies, the model is told in one line what is gone", async (t) => {
    if (skip) return t.skip(skip);
    const session = newSession();
    await session.exec("x = 1");
    const died = await session.exec("import os\nos.kill(os.getpid(), 9)");
    assert.equal(died.killedReason, "session-died");
    assert.equal(died.notice, "The python session ended (the interpreter was killed by SIGKILL): every variable, import and function from earlier calls is gone, and the next call starts a fresh interpreter.");
});
