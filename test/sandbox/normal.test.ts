// Normal cases: what the model uses the sandbox for. Snippets in each language return their
// output, a test run reports its exit code and output, the workspace is readable, a copy of it is
// writable without touching the real one, and abort stops a run at once.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { hostFixture, skipUnlessIsolated, smallSandbox, type HostFixture } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let fx: HostFixture;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    fx = hostFixture();
    const ws = fx.workspace;
    writeFileSync(join(ws, "calc.py"), "def add(a, b):\n    return a - b  # bug\n");
    writeFileSync(join(ws, "test_calc.py"), "import unittest\nfrom calc import add\n\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\nif __name__ == '__main__':\n    unittest.main()\n");
    writeFileSync(join(ws, "sum.test.mjs"), "import test from 'node:test';\nimport assert from 'node:assert';\nimport pad from 'leftpad';\ntest('pads', () => assert.equal(pad('7', 3), '007'));\ntest('fails', () => assert.equal(1 + 1, 3));\n");
    mkdirSync(join(ws, "node_modules", "leftpad"), { recursive: true });
    writeFileSync(join(ws, "node_modules", "leftpad", "package.json"), JSON.stringify({ name: "leftpad", main: "index.js" }));
    writeFileSync(join(ws, "node_modules", "leftpad", "index.js"), "module.exports = (s, n) => s.padStart(n, '0');\n");
    mkdirSync(join(ws, ".git"));
    writeFileSync(join(ws, ".git", "HEAD"), "ref: refs/heads/main\n");
});

after(() => fx.cleanup());

test("normal 01: a python snippet runs and returns its output", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", code: "import math, sys\nprint(math.factorial(20))\nprint(sys.version_info[0])" });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, "2432902008176640000\n3\n");
    assert.equal(result.isolation, "bubblewrap");
    assert.equal(result.truncated, false);
    assert.match(result.command, /python3.* \/sandbox\/main\.py$/);
});

test("normal 02: a node snippet (CommonJS) runs and returns its output", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "node", code: "const os = require('os');\nconsole.log([1, 2, 3].map((x) => x * 2).join(','), typeof os.cpus);" });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, "2,4,6 function\n");
});

test("normal 03: a node snippet with ES module syntax and top-level await runs", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "node", code: "import { createHash } from 'node:crypto';\nconst h = await Promise.resolve(createHash('sha256').update('x').digest('hex'));\nconsole.log(h.slice(0, 8));" });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, "2d711642\n");
});

test("normal 04: a shell command with pipes and coreutils runs", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "shell", code: "printf 'b\\na\\nc\\n' | sort | tr '\\n' ' '; echo; echo $HOME; pwd" });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, "a b c \n/home/sandbox\n/home/sandbox\n");
});

test("normal 05: a failing python test run returns its exit code and output (read-only workspace)", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({
        language: "shell", code: "python3 -B -m unittest -v test_calc", workspace: { path: fx.workspace, mode: "readonly" },
    });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /AssertionError: -1 != 5/);
    assert.match(result.stderr, /FAILED \(failures=1\)/);
});

test("normal 06: a failing node test run returns its exit code and output, with the workspace's node_modules", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "shell", code: "node --test sum.test.mjs", workspace: { path: fx.workspace, mode: "readonly" } });
    assert.equal(result.exitCode, 1, result.stderr);
    assert.match(result.stdout, /# pass 1/);
    assert.match(result.stdout, /# fail 1/);
});

test("normal 07: the python snippet sees the workspace read-only at /workspace and can import from it", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({
        language: "python", workspace: { path: fx.workspace, mode: "readonly" },
        code: "import os, calc\nprint(os.getcwd(), calc.add(5, 2), open('README.md').read().strip())",
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, "/workspace 3 original readme\n");
});

test("normal 08: copy mode: a run edits and tests its copy; the real workspace stays unchanged", async (t) => {
    if (skip) return t.skip(skip);
    const original = readFileSync(join(fx.workspace, "calc.py"), "utf8");
    const result = await sandbox.run({
        language: "shell", workspace: { path: fx.workspace, mode: "copy" },
        code: [
            "sed -i 's/a - b  # bug/a + b/' calc.py",
            "python3 -m unittest test_calc 2>&1 | tail -1",
            "node --test sum.test.mjs | grep -E '^# (pass|fail)'",
            "[ -e .git ] && echo has-git || echo no-git",
            "touch node_modules/x 2>/dev/null || echo node_modules-read-only",
            "ls",
        ].join("\n"),
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^OK$/m, "the edited copy passes its test");
    assert.match(result.stdout, /# pass 1\n# fail 1/);
    assert.match(result.stdout, /no-git/);
    assert.match(result.stdout, /node_modules-read-only/);
    assert.equal(readFileSync(join(fx.workspace, "calc.py"), "utf8"), original, "the real file is unchanged");
    assert.equal(existsSync(join(fx.workspace, "__pycache__")), false, "no bytecode cache written into the real workspace");
});

test("normal 09: exit codes and stderr come back as they are", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", code: "import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.exit(3)" });
    assert.equal(result.exitCode, 3);
    assert.equal(result.signal, null);
    assert.equal(result.stdout, "out\n");
    assert.equal(result.stderr, "err\n");
});

test("normal 10: an uncaught exception shows its traceback with the snippet's line", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "python", code: "x = 1\ny = x / 0\n" });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /File "\/sandbox\/main\.py", line 2/);
    assert.match(result.stderr, /ZeroDivisionError/);
});

test("normal 11: a program killed by a signal reports the signal", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "shell", code: "kill -TERM $$" });
    assert.equal(result.signal, "SIGTERM");
    assert.equal(result.killedReason, undefined);
});

test("normal 12: abort stops a run promptly", async (t) => {
    if (skip) return t.skip(skip);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const result = await sandbox.run({ language: "python", code: "import time\nprint('started', flush=True)\ntime.sleep(60)", signal: controller.signal });
    const took = performance.now() - started;
    assert.equal(result.killedReason, "aborted");
    assert.equal(result.timedOut, false);
    assert.equal(result.exitCode, null);
    assert.equal(result.stdout, "started\n", "output before the abort is kept");
    assert.ok(took < 2_000, `stopped in ${Math.round(took)} ms`);
});

test("normal 13: an already-aborted signal runs nothing", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({ language: "shell", code: "echo ran", signal: AbortSignal.abort() });
    assert.equal(result.killedReason, "aborted");
    assert.doesNotMatch(result.stdout, /ran/);
});

test("normal 14: localhost inside the sandbox works (a test that starts its own server)", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({
        language: "python",
        code: [
            "import socket, threading",
            "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)",
            "port = srv.getsockname()[1]",
            "threading.Thread(target=lambda: srv.accept()[0].sendall(b'pong'), daemon=True).start()",
            "c = socket.create_connection(('127.0.0.1', port)); print(c.recv(4).decode())",
        ].join("\n"),
    });
    assert.equal(result.stdout, "pong\n", result.stderr);
});

test("normal 15: unicode output and a multi-process program within the limits", async (t) => {
    if (skip) return t.skip(skip);
    const result = await sandbox.run({
        language: "python",
        code: "from concurrent.futures import ProcessPoolExecutor\nwith ProcessPoolExecutor(4) as pool:\n    print(sum(pool.map(abs, range(-50, 50))))\nprint('héllo wörld ✓ 日本')",
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, "2500\nhéllo wörld ✓ 日本\n");
});

test("normal 16: a missing workspace is an error, not a run somewhere else", async (t) => {
    if (skip) return t.skip(skip);
    await assert.rejects(sandbox.run({ language: "shell", code: "pwd", workspace: { path: join(fx.root, "nope"), mode: "readonly" } }), /workspace folder not found/);
});

test("normal 17: a program starts with default signal handling (Ctrl-C semantics work) and a kill adds nothing to its stderr", async (t) => {
    if (skip) return t.skip(skip);
    const python = await sandbox.run({
        language: "python",
        code: "import os, signal\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGQUIT))\ntry:\n    os.kill(os.getpid(), signal.SIGINT)\nexcept KeyboardInterrupt:\n    print('interrupted')",
    });
    assert.equal(python.stdout, "True 0\ninterrupted\n");
    const killed = await sandbox.run({ language: "shell", code: "echo before >&2; kill -9 $$" });
    assert.equal(killed.signal, "SIGKILL");
    assert.equal(killed.stderr, "before\n", "only the program's own output, no line from the sandbox's supervisor");
});
