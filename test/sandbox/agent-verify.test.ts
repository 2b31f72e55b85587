// The agent's verification step on a real project: the fixture's `npm test` runs in the sandbox
// on a throwaway copy with proposed changes applied. What a user relies on: a broken plan fails
// with the failing assertion shown, a repaired plan passes, the real files never change, a
// hanging or flooding check is contained, and Cancel stops it. Cases that run the check need
// bubblewrap (skipped with the reason where it is missing); refusals and unsafe edit paths are
// checked everywhere, since they are decided before anything runs.
import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { FileChange } from "../../protocol/agent.ts";
import { createSandbox, type Sandbox } from "../../server/sandbox/index.ts";
import { createCheckVerifier, detectCheck, formatCheckForModel, runCheck, type CheckCommand, type CheckResult } from "../../server/agent/verify/index.ts";
import { cleanOutput, tailForModel } from "../../server/agent/verify/check-output.ts";
import { makeScratchCopy, WorkspaceUnavailableError } from "../../server/agent/verify/scratch-copy.ts";
import { hostProcessesMatching, killMatching, skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/verify-project", import.meta.url));
const NPM_TEST: CheckCommand = { command: "npm test", why: "package.json script \"test\"" };
const CART = readFileSync(join(FIXTURE, "src", "cart.js"), "utf8");
const CART_TEST = readFileSync(join(FIXTURE, "test", "cart.test.js"), "utf8");

let sandbox: Sandbox;
let skip: string | false;
let snapshot: Map<string, Buffer>;
const scratch: string[] = [];

/** Every file of a folder tree with its bytes, to compare before and after. */
function filesOf(root: string): Map<string, Buffer> {
    const found = new Map<string, Buffer>();
    const walk = (folder: string) => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) walk(path);
            else found.set(relative(root, path), readFileSync(path));
        }
    };
    walk(root);
    return found;
}

function check(changes: FileChange[], options: { timeoutMs?: number; signal?: AbortSignal; root?: string; command?: CheckCommand } = {}): Promise<CheckResult> {
    return runCheck({
        sandbox, workspaceRoot: options.root ?? FIXTURE, changes, check: options.command ?? NPM_TEST,
        signal: options.signal ?? new AbortController().signal,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
}

function modify(path: string, before: string, after: string): FileChange {
    return { path, kind: "modify", before, after };
}

function create(path: string, after: string): FileChange {
    return { path, kind: "create", before: null, after };
}

/** A scratch workspace: a copy of the fixture the case may extend (node_modules, links). */
function workspaceCopy(): string {
    const root = mkdtempSync(join(tmpdir(), "gptoss-verify-test-"));
    scratch.push(root);
    cpSync(FIXTURE, join(root, "ws"), { recursive: true });
    return join(root, "ws");
}

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    snapshot = filesOf(FIXTURE);
    assert.ok(snapshot.size >= 4, "the fixture project is in place");
});

// After every case: the fixture is byte for byte what it was, and nothing was added to it.
afterEach(() => {
    const now = filesOf(FIXTURE);
    assert.deepEqual([...now.keys()].sort(), [...snapshot.keys()].sort(), "no file of the fixture appeared or vanished");
    for (const [path, bytes] of snapshot) assert.ok(now.get(path)!.equals(bytes), `${path} is unchanged`);
});

after(() => {
    for (const root of scratch) rmSync(root, { recursive: true, force: true });
});

// Breaks the rounding: 999 at 7 % gives 1068 instead of 1069.
const BROKEN_CART = CART.replace("Math.round(net * (1 + taxRate))", "Math.floor(net * (1 + taxRate))");

test("verify 01: the fixture's check is found, and the unmodified project passes", async (t) => {
    if (skip) return t.skip(skip);
    const found = await detectCheck(FIXTURE);
    assert.deepEqual(found, { command: "npm test", why: "package.json script \"test\" (npm: package-lock.json)" });
    const result = await check([]);
    assert.equal(result.outcome, "passed", result.output);
    assert.equal(result.passed, true);
    assert.equal(result.exitCode, 0);
    assert.equal(result.isolation, "bubblewrap");
    assert.match(result.output, /# pass 2\n# fail 0/);
    assert.equal(result.copy.files, snapshot.size, "every fixture file was in the copy");
    assert.match(formatCheckForModel(result), /^The check `npm test` passed/);
    t.diagnostic(`copy ${result.copy.ms} ms (${result.copy.files} files, ${result.copy.bytes} bytes), check ${result.durationMs} ms`);
});

test("verify 02: a change that breaks the function fails, with the failing assertion in the output", async (t) => {
    if (skip) return t.skip(skip);
    const result = await check([modify("src/cart.js", CART, BROKEN_CART)]);
    assert.equal(result.outcome, "failed");
    assert.equal(result.passed, false);
    assert.equal(result.exitCode, 1);
    assert.match(result.output, /not ok 2 - adds the tax and rounds to a cent/);
    assert.match(result.output, /1068 !== 1069/);
    assert.match(result.output, /# pass 1\n# fail 1/);
    const forModel = formatCheckForModel(result);
    assert.match(forModel, /^The check `npm test` failed \(exit 1\)/);
    assert.match(forModel, /1068 !== 1069/);
    assert.match(forModel, /Fix the plan so the check passes\.$/);
});

test("verify 03: a repair round: the first plan fails its new test, the corrected plan passes", async (t) => {
    if (skip) return t.skip(skip);
    // The task: a percentage discount before tax, with a test for it.
    const discountTest = CART_TEST + [
        "",
        "test(\"takes a discount off before the tax\", () => {",
        "    assert.equal(totalCents([{ priceCents: 1000, quantity: 1 }], 0.1, 0.2), 880);",
        "});",
        "",
    ].join("\n");
    const wrongCart = CART.replace("function totalCents(items, taxRate) {", "function totalCents(items, taxRate, discount = 0) {")
        .replace("return Math.round(net * (1 + taxRate));", "return Math.round(net * (1 + taxRate) - discount * 100);");
    const rightCart = CART.replace("function totalCents(items, taxRate) {", "function totalCents(items, taxRate, discount = 0) {")
        .replace("return Math.round(net * (1 + taxRate));", "return Math.round(net * (1 - discount) * (1 + taxRate));");
    const verifier = createCheckVerifier({ sandbox, workspaceRoot: FIXTURE, check: NPM_TEST });

    const first = await verifier.run([modify("src/cart.js", CART, wrongCart), modify("test/cart.test.js", CART_TEST, discountTest)], new AbortController().signal);
    assert.equal(first.outcome, "failed");
    assert.match(first.output, /not ok 3 - takes a discount off before the tax/);
    assert.match(first.output, /1080 !== 880/);
    assert.match(verifier.formatForModel(first), /failed \(exit 1\)[\s\S]*1080 !== 880/);

    const second = await verifier.run([modify("src/cart.js", CART, rightCart), modify("test/cart.test.js", CART_TEST, discountTest)], new AbortController().signal);
    assert.equal(second.outcome, "passed", second.output);
    assert.match(second.output, /ok 3 - takes a discount off before the tax/);
    assert.match(second.output, /# pass 3\n# fail 0/);
});

test("verify 04: created, deleted and renamed files are what the check sees", async (t) => {
    if (skip) return t.skip(skip);
    const renamedTest = CART_TEST.replace("../src/cart.js", "../src/basket.js");
    const result = await check([
        { path: "src/cart.js", kind: "rename", newPath: "src/basket.js", before: CART, after: CART },
        modify("test/cart.test.js", CART_TEST, renamedTest),
        create("test/deep/new/extra.test.js", "const test = require('node:test');\ntest('a new test file in new folders', () => {});\n"),
        { path: "package-lock.json", kind: "delete", before: readFileSync(join(FIXTURE, "package-lock.json"), "utf8"), after: null },
        create("test/layout.test.js", [
            "const test = require('node:test');",
            "const assert = require('node:assert/strict');",
            "const fs = require('node:fs');",
            "test('layout', () => {",
            "    assert.equal(fs.existsSync('src/cart.js'), false);",
            "    assert.equal(fs.existsSync('src/basket.js'), true);",
            "    assert.equal(fs.existsSync('package-lock.json'), false);",
            "});",
            "",
        ].join("\n")),
    ]);
    assert.equal(result.outcome, "passed", result.output);
    assert.match(result.output, /ok \d+ - a new test file in new folders/);
    assert.match(result.output, /ok \d+ - layout/);
    assert.match(result.output, /# pass 4\n# fail 0/);
});

test("verify 05: a check that hangs is killed at the timeout, and says so", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("verify-hang");
    t.after(() => killMatching(marker));
    const started = performance.now();
    const result = await check([create(`test/${marker}.test.js`, "const test = require('node:test');\ntest('waits forever', () => new Promise(() => setInterval(() => {}, 1000)));\n")], { timeoutMs: 4_000 });
    const elapsed = performance.now() - started;
    assert.equal(result.outcome, "timed-out");
    assert.equal(result.passed, false);
    assert.equal(result.exitCode, null);
    assert.ok(elapsed < 12_000, `stopped near the 4 s limit, took ${Math.round(elapsed)} ms`);
    assert.match(result.output, /\[the check was stopped: still running after 4 s, the time limit\]$/);
    assert.match(formatCheckForModel(result), /did not finish in time and was stopped[\s\S]*waits forever or loops endlessly/);
    assert.deepEqual(hostProcessesMatching(marker), [], "no process of the check is left");
});

test("verify 06: a check that floods its output is cut to the budget, keeping the end", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("verify-flood");
    const result = await check([create("test/flood.test.js", [
        "const test = require('node:test');",
        "test('floods', () => {",
        "    const line = 'x'.repeat(99) + '\\n';",
        "    for (let i = 0; i < 30000; i++) process.stdout.write(line);",
        `    process.stdout.write('${marker}\\n');`,
        "});",
        "",
    ].join("\n"))]);
    assert.equal(result.outcome, "passed", result.output.slice(-2000));
    assert.ok(result.output.length <= 4_000 + 80, `the output is cut (${result.output.length} characters)`);
    // The sandbox kept head and tail of the flood and collapsed its repeated lines with a count.
    assert.match(result.output, /x{16}\[… 83 more "x"\]\n\[… the line above repeated \d+ more times\]\n/);
    assert.match(result.output, /\[truncated: \d+ bytes of output omitted\]/);
    assert.ok(result.output.includes(marker), "the end of the flood is kept");
    assert.match(result.output, /# pass 3\n# fail 0/);
    assert.equal(result.run?.truncated, true, "the sandbox capped what it kept, too");
});

test("verify 07: cancelling stops a running check at once", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("verify-cancel");
    t.after(() => killMatching(marker));
    const controller = new AbortController();
    const running = check([create(`test/${marker}.test.js`, "const test = require('node:test');\ntest('waits forever', () => new Promise(() => setInterval(() => {}, 1000)));\n")],
        { timeoutMs: 60_000, signal: controller.signal });
    // The test runner's child names the test file: once it exists on the host, the check is really running.
    const deadline = Date.now() + 30_000;
    while (hostProcessesMatching(marker).length === 0) {
        assert.ok(Date.now() < deadline, "the check started");
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const abortedAt = performance.now();
    controller.abort();
    const result = await running;
    const afterAbort = performance.now() - abortedAt;
    assert.equal(result.outcome, "cancelled");
    assert.equal(result.passed, false);
    assert.ok(afterAbort < 5_000, `ended ${Math.round(afterAbort)} ms after the abort`);
    assert.match(result.output, /\[the check was cancelled\]$/);
    assert.deepEqual(hostProcessesMatching(marker), [], "no process of the check is left");
    assert.match(formatCheckForModel(result), /was cancelled/);
});

test("verify 08: the workspace's node_modules is used read-only in place, not copied", async (t) => {
    if (skip) return t.skip(skip);
    const ws = workspaceCopy();
    const pkg = join(ws, "node_modules", "tax-table");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "tax-table", main: "index.js" }));
    writeFileSync(join(pkg, "index.js"), "module.exports = { standard: 0.07 };\n");
    writeFileSync(join(pkg, "padding.bin"), Buffer.alloc(8 * 1024 * 1024)); // a heavy node_modules must cost the copy nothing
    const result = await check([create("test/deps.test.js", [
        "const test = require('node:test');",
        "const assert = require('node:assert/strict');",
        "const fs = require('node:fs');",
        "test('uses the dependency', () => assert.equal(require('tax-table').standard, 0.07));",
        "test('cannot write into node_modules', () => {",
        "    assert.throws(() => fs.writeFileSync('node_modules/tax-table/index.js', 'hacked'), /EROFS|EACCES|EPERM/);",
        "});",
        "",
    ].join("\n"))], { root: ws });
    assert.equal(result.outcome, "passed", result.output);
    assert.match(result.output, /# pass 4\n# fail 0/);
    assert.ok(result.copy.bytes < 64 * 1024, `node_modules was not copied (${result.copy.bytes} bytes copied)`);
    assert.equal(readFileSync(join(pkg, "index.js"), "utf8"), "module.exports = { standard: 0.07 };\n");
    assert.equal(existsSync(join(ws, "test", "deps.test.js")), false, "the change stayed out of the workspace");
});

test("verify 09: .git and caches are left out of the copy", async (t) => {
    if (skip) return t.skip(skip);
    const ws = workspaceCopy();
    mkdirSync(join(ws, ".git", "objects"), { recursive: true });
    writeFileSync(join(ws, ".git", "objects", "pack"), Buffer.alloc(4 * 1024 * 1024));
    mkdirSync(join(ws, "target", "debug"), { recursive: true });
    writeFileSync(join(ws, "target", "CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n");
    writeFileSync(join(ws, "target", "debug", "big"), Buffer.alloc(4 * 1024 * 1024));
    mkdirSync(join(ws, "src", ".cache"), { recursive: true });
    writeFileSync(join(ws, "src", ".cache", "big"), Buffer.alloc(4 * 1024 * 1024));
    const result = await check([create("test/layout.test.js", [
        "const test = require('node:test');",
        "const assert = require('node:assert/strict');",
        "const fs = require('node:fs');",
        "test('heavy folders are absent', () => {",
        "    assert.equal(fs.existsSync('.git'), false);",
        "    assert.equal(fs.existsSync('target'), false);",
        "    assert.equal(fs.existsSync('src/.cache'), false);",
        "    assert.equal(fs.existsSync('src/cart.js'), true);",
        "});",
        "",
    ].join("\n"))], { root: ws });
    assert.equal(result.outcome, "passed", result.output);
    assert.ok(result.copy.bytes < 64 * 1024, `${result.copy.bytes} bytes copied`);
});

test("verify 10: edits that would reach outside the copy are refused before anything runs", async () => {
    const ws = workspaceCopy();
    const outside = mkdtempSync(join(tmpdir(), "gptoss-verify-outside-"));
    scratch.push(outside);
    symlinkSync(outside, join(ws, "linked-out"));
    mkdirSync(join(ws, "node_modules", "dep"), { recursive: true });
    writeFileSync(join(ws, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
    const cases: [FileChange, RegExp][] = [
        [create("../escape.txt", "x"), /outside the workspace/],
        [create("src/../../escape.txt", "x"), /outside the workspace/],
        [create("/etc/escape.txt", "x"), /not a workspace-relative path/],
        [create("linked-out/escape.txt", "x"), /goes through the symbolic link linked-out/],
        [modify("node_modules/dep/index.js", "module.exports = 1;\n", "module.exports = 2;\n"), /inside node_modules, which the check shares read-only/],
        [{ path: "src/cart.js", kind: "rename", newPath: "linked-out/cart.js", before: CART, after: CART }, /symbolic link/],
    ];
    for (const [change, reason] of cases) {
        const result = await check([change], { root: ws });
        assert.equal(result.outcome, "not-run", `${change.path} → ${change.newPath ?? ""}`);
        assert.equal(result.passed, false);
        assert.match(result.error ?? "", reason);
        assert.equal(result.run, undefined, "nothing ran");
        assert.match(formatCheckForModel(result), /could not be tried: .*Fix the plan\.$/);
    }
    assert.deepEqual(readdirSync(outside), [], "nothing was written through the link");
    assert.equal(existsSync(join(tmpdir(), "escape.txt")), false);
    assert.equal(readFileSync(join(ws, "node_modules", "dep", "index.js"), "utf8"), "module.exports = 1;\n");
    assert.equal(readFileSync(join(ws, "src", "cart.js"), "utf8"), CART);
});

test("verify 11: a sandbox that refuses says why, and nothing runs", async () => {
    const off = await createSandbox({ mode: "disable" });
    const disabled = await runCheck({ sandbox: off, workspaceRoot: FIXTURE, changes: [modify("src/cart.js", CART, BROKEN_CART)], check: NPM_TEST, signal: new AbortController().signal });
    assert.equal(disabled.outcome, "refused");
    assert.equal(disabled.passed, false);
    assert.match(disabled.refused ?? "", /off|disable/i);
    assert.equal(disabled.run, undefined);
    assert.match(formatCheckForModel(disabled), /^The check `npm test` could not run: /);

    let asked = 0;
    const unisolated = await createSandbox({ forceNoIsolation: "test: no sandbox here", ifUnavailable: "ask", approve: () => { asked += 1; return false; } });
    const declined = await runCheck({ sandbox: unisolated, workspaceRoot: FIXTURE, changes: [], check: NPM_TEST, signal: new AbortController().signal });
    assert.equal(asked, 1, "the user was asked");
    assert.equal(declined.outcome, "refused");
    assert.match(declined.refused ?? "", /did not approve/);
});

test("verify 12: a check cancelled before it starts does not run", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await check([], { signal: controller.signal });
    assert.equal(result.outcome, "cancelled");
    assert.equal(result.run, undefined);
});

test("verify 13: output for the model: colour codes and progress redraws removed, the end kept at a line", () => {
    assert.equal(cleanOutput("\x1b[32mok\x1b[0m 1\r\nloading 10%\rloading 100%\ndone\n"), "ok 1\nloading 100%\ndone\n");
    const long = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\n");
    const cut = tailForModel(long, 300);
    assert.match(cut, /^\[… \d+ earlier characters of output cut …\]\nline \d+\n/);
    assert.ok(cut.endsWith("line 499"));
    assert.ok(cut.length < 300 + 60);
    assert.equal(tailForModel("short", 300), "short");
});

test("verify 14: a workspace over the copy budget is not copied, and the temporary folder is gone", async () => {
    const ws = workspaceCopy();
    writeFileSync(join(ws, "data.bin"), Buffer.alloc(64 * 1024));
    const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith("gptoss-verify-") && !name.startsWith("gptoss-verify-test-") && !name.startsWith("gptoss-verify-outside-"));
    const before = leftovers();
    await assert.rejects(makeScratchCopy(ws, undefined, 32 * 1024), (error: unknown) => error instanceof WorkspaceUnavailableError && /too large to copy for a check/.test(error.message));
    assert.deepEqual(leftovers(), before);
    const missing = await check([], { root: join(ws, "no-such-folder") });
    assert.equal(missing.outcome, "not-run");
    assert.match(missing.error ?? "", /cannot be read/);
});

test("verify 15: without a sandbox, the user is shown the check and, once approved, it runs on a copy all the same", async (t) => {
    const npm = (await detectCheck(FIXTURE))?.command;
    if (npm !== "npm test") return t.skip("npm is not installed in /usr here");
    const shown: string[] = [];
    const unisolated = await createSandbox({
        forceNoIsolation: "test: no sandbox here", ifUnavailable: "ask",
        approve: (request) => { shown.push(`${request.isolation}|${request.code}`); return true; },
    });
    const result = await runCheck({ sandbox: unisolated, workspaceRoot: FIXTURE, changes: [modify("src/cart.js", CART, BROKEN_CART)], check: NPM_TEST, signal: new AbortController().signal });
    assert.equal(shown.length, 1);
    assert.match(shown[0]!, /^none\|[\s\S]*\nnpm test$/, "the approval names the exact command, unisolated");
    assert.equal(result.isolation, "none");
    assert.equal(result.outcome, "failed");
    assert.match(result.output, /1068 !== 1069/);
});

// nvm's layout: bin/npm is a link to ../lib/node_modules/npm/bin/npm-cli.js, a `#!/usr/bin/env
// node` script, and bin/node sits beside it. Here the "npm" says where it runs from, probes its
// surroundings, then runs the fixture's `node --test` as npm would.
const FAKE_NPM = `#!/usr/bin/env node
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const version = path.resolve(__dirname, "../../../..");
console.log("npm from " + version);
try { fs.writeFileSync(path.join(version, "planted"), "x"); console.log("toolchain writable"); } catch (error) { console.log("toolchain " + error.code); }
try { fs.readFileSync(path.join(version, "..", "..", "..", "secret.txt")); console.log("secret read"); } catch (error) { console.log("secret " + error.code); }
process.exit(spawnSync("node", ["--test"], { stdio: "inherit" }).status ?? 1);
`;

test("verify 16: a check whose npm comes from nvm runs with that one version folder, read-only", async (t) => {
    if (skip) return t.skip(skip);
    const home = realpathSync(mkdtempSync(join(tmpdir(), "gptoss-nvm-home-")));
    scratch.push(home);
    const version = join(home, ".nvm", "versions", "node", "v22.11.0");
    const cli = join(version, "lib", "node_modules", "npm", "bin", "npm-cli.js");
    mkdirSync(dirname(cli), { recursive: true });
    writeFileSync(cli, FAKE_NPM);
    chmodSync(cli, 0o755);
    mkdirSync(join(version, "bin"));
    symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", join(version, "bin", "npm"));
    symlinkSync(process.execPath, join(version, "bin", "node"));
    writeFileSync(join(home, ".nvm", "secret.txt"), "beside the versions: not part of the toolchain");

    // Detection through a probe that finds npm only in the nvm folder (as on a machine without a system npm).
    const probe = {
        locate: (name: string) => (name === "npm" ? { path: join(version, "bin", "npm"), sandboxed: true, toolchain: version } : null),
        pytestAvailable: async () => false,
    };
    const found = await detectCheck(FIXTURE, undefined, probe);
    assert.deepEqual(found, { command: "npm test", why: "package.json script \"test\" (npm: package-lock.json)", toolchain: version });

    const broken = await check([modify("src/cart.js", CART, BROKEN_CART)], { command: found! });
    assert.equal(broken.outcome, "failed", broken.output);
    assert.ok(broken.output.includes(`npm from ${version}\n`), broken.output);
    assert.match(broken.output, /toolchain EROFS/, "the version folder is bound read-only");
    assert.match(broken.output, /secret ENOENT/, "nothing beside the version folder is visible");
    assert.match(broken.output, /1068 !== 1069/);
    assert.equal(existsSync(join(version, "planted")), false);
    const passing = await check([], { command: found! });
    assert.equal(passing.outcome, "passed", passing.output);
});

test("verify 17: a check stopped by the file-size limit inside a pipeline fails and names the limit, never passes", async (t) => {
    if (skip) return t.skip(skip);
    const result = await check([], { command: { command: "head -c 100000000 /dev/zero > big.bin | cat", why: "test" } });
    assert.equal(result.outcome, "failed");
    assert.equal(result.passed, false);
    assert.deepEqual(result.run?.limitsHit, ["file-size"]);
    assert.match(formatCheckForModel(result), /failed \(stopped by the sandbox's file-size limit\)/);
    assert.match(result.output, /file-size limit/);
});

test("verify 18: a check that runs into a limit but still exits 0 (a full scratch folder) is failed, not passed", async (t) => {
    if (skip) return t.skip(skip);
    const result = await check([], { command: { command: "head -c 2000000000 /dev/zero > /tmp/fill 2>/dev/null || true", why: "test" } });
    assert.equal(result.run?.exitCode, 0, "the command itself said all was well");
    assert.ok(result.run?.limitsHit?.includes("file-size") || result.run?.limitsHit?.includes("scratch"), JSON.stringify(result.run?.limitsHit));
    assert.equal(result.outcome, "failed");
    assert.match(result.output, /\[the check ran into a sandbox limit, so it counts as failed: /);
});
