// The stateful python session (gpt-oss's `python` tool): one interpreter in one sandbox keeps its
// variables between calls; each call has its own timeout; a call that times out or is aborted
// kills the session and says so, and the next call starts afresh and says that too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { PythonSession, Sandbox } from "../../server/sandbox/index.ts";
import { hostProcessesMatching, skipUnlessIsolated, smallSandbox } from "./support.ts";

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
    assert.match(slow.notice ?? "", /state is lost/);
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
    const earlier = new Set(hostProcessesMatching("/sandbox/driver.py").map((p) => p.pid));
    const session = newSession();
    await session.exec("import os\nprint(os.getpid())");
    const pending = session.exec("import time\ntime.sleep(30)");
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.dispose();
    const result = await pending;
    assert.equal(result.killedReason, "session-disposed");
    await assert.rejects(session.exec("print(1)"), /disposed/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(hostProcessesMatching("/sandbox/driver.py").filter((p) => !earlier.has(p.pid)), [], "this session's processes are gone");
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
