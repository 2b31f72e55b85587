// Which check the agent runs for a workspace, on real temporary folders. The machine's tools are
// a stand-in (HostProbe) so each case says what is installed and where; one case uses the real
// probe to show a tool outside the sandbox's view is not offered.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { detectCheck, findCheck, hostProbe, type HostProbe } from "../../server/agent/verify/index.ts";

const roots: string[] = [];
after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A workspace folder holding exactly these files. */
function workspace(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "gptoss-detect-"));
    roots.push(root);
    for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
    }
    return root;
}

/** Tools installed where a sandboxed check finds them (`sandboxed`), elsewhere on the host (`elsewhere`), pytest or not. */
function probe(options: { sandboxed?: string[]; elsewhere?: string[]; pytest?: boolean } = {}): HostProbe {
    return {
        locate: (name) => options.sandboxed?.includes(name) ? { path: `/usr/bin/${name}`, sandboxed: true }
            : options.elsewhere?.includes(name) ? { path: `/home/dev/.local/bin/${name}`, sandboxed: false }
            : null,
        pytestAvailable: async () => options.pytest ?? false,
    };
}

const ALL = probe({ sandboxed: ["npm", "pnpm", "yarn", "bun", "go", "cargo", "python3"], pytest: true });
const pkg = (scripts: Record<string, string>, extra: object = {}) => JSON.stringify({ name: "p", scripts, ...extra });

test("a package.json test script runs with npm when package-lock.json names it", async () => {
    const root = workspace({ "package.json": pkg({ test: "vitest run", typecheck: "tsc --noEmit" }), "package-lock.json": "{}" });
    assert.deepEqual(await detectCheck(root, undefined, ALL), { command: "npm test", why: "package.json script \"test\" (npm: package-lock.json)" });
});

test("the lockfile picks the package manager: pnpm, yarn", async () => {
    const pnpm = workspace({ "package.json": pkg({ test: "jest" }), "pnpm-lock.yaml": "" });
    assert.equal((await detectCheck(pnpm, undefined, ALL))?.command, "pnpm test");
    const yarn = workspace({ "package.json": pkg({ test: "jest" }), "yarn.lock": "" });
    assert.equal((await detectCheck(yarn, undefined, ALL))?.command, "yarn test");
});

test("without a lockfile, the packageManager field decides, else npm", async () => {
    const field = workspace({ "package.json": pkg({ test: "jest" }, { packageManager: "pnpm@9.12.0" }) });
    assert.deepEqual(await detectCheck(field, undefined, ALL), { command: "pnpm test", why: "package.json script \"test\" (pnpm: packageManager \"pnpm@9.12.0\")" });
    const none = workspace({ "package.json": pkg({ test: "jest" }) });
    assert.deepEqual(await detectCheck(none, undefined, ALL), { command: "npm test", why: "package.json script \"test\" (npm: no lockfile)" });
});

test("npm's placeholder test script is skipped for a type-check script, and the note says so", async () => {
    const root = workspace({ "package.json": pkg({ test: "echo \"Error: no test specified\" && exit 1", build: "tsc", typecheck: "tsc --noEmit" }) });
    const found = await findCheck(root, undefined, ALL);
    assert.deepEqual(found.check, { command: "npm run typecheck", why: "package.json script \"typecheck\" (npm: no lockfile)" });
    assert.match(found.notes.join("\n"), /placeholder/);
});

test("type-check scripts are taken in the documented order; bun always gets `run`", async () => {
    const root = workspace({ "package.json": pkg({ check: "svelte-check", "lint:types": "tsc -p ." }) });
    assert.equal((await detectCheck(root, undefined, ALL))?.command, "npm run lint:types");
    const bun = workspace({ "package.json": pkg({ test: "bun test" }), "bun.lock": "" });
    assert.equal((await detectCheck(bun, undefined, ALL))?.command, "bun run test");
});

test("a placeholder alone is no check", async () => {
    const root = workspace({ "package.json": pkg({ test: "echo \"Error: no test specified\" && exit 1" }) });
    const found = await findCheck(root, undefined, ALL);
    assert.equal(found.check, null);
    assert.match(found.notes.join("\n"), /no "test" script nor a type-check script/);
});

test("the lockfile's package manager missing, or out of the sandbox's sight: no check, and why", async () => {
    const root = workspace({ "package.json": pkg({ test: "jest" }), "pnpm-lock.yaml": "" });
    const missing = await findCheck(root, undefined, probe({ sandboxed: ["npm"] }));
    assert.equal(missing.check, null, "npm is not a stand-in for the pnpm the lockfile names");
    assert.match(missing.notes.join("\n"), /needs pnpm \(pnpm-lock\.yaml\), which is not installed/);
    const elsewhere = await findCheck(root, undefined, probe({ sandboxed: ["npm"], elsewhere: ["pnpm"] }));
    assert.equal(elsewhere.check, null);
    assert.match(elsewhere.notes.join("\n"), /installed at \/home\/dev\/\.local\/bin\/pnpm, outside what a sandboxed check can see \(\/usr, or a versioned toolchain folder/);
});

test("pytest: its config files, pyproject and tests folders, when the sandbox's python3 has pytest", async () => {
    const cases: [Record<string, string>, string][] = [
        [{ "pytest.ini": "[pytest]\n" }, "pytest (pytest.ini)"],
        [{ "pyproject.toml": "[project]\nname = \"p\"\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n" }, "pytest (pyproject.toml)"],
        [{ "setup.cfg": "[metadata]\nname = p\n\n[tool:pytest]\ntestpaths = tests\n" }, "pytest (setup.cfg)"],
        [{ "tests/unit/test_parse.py": "def test_x():\n    pass\n" }, "pytest (python tests in tests/)"],
    ];
    for (const [files, why] of cases) {
        assert.deepEqual(await detectCheck(workspace(files), undefined, ALL), { command: "python3 -m pytest -q", why });
    }
    // A pyproject without pytest, a tests folder without python tests: not a pytest project.
    assert.equal(await detectCheck(workspace({ "pyproject.toml": "[project]\nname = \"p\"\n", "tests/data.json": "{}" }), undefined, ALL), null);
    const noPytest = await findCheck(workspace({ "pytest.ini": "[pytest]\n" }), undefined, probe({ sandboxed: ["python3"], pytest: false }));
    assert.equal(noPytest.check, null);
    assert.match(noPytest.notes.join("\n"), /pytest\.ini suggests pytest, but the system python3 .* cannot import pytest/);
});

test("go.mod gives `go test ./...`, Cargo.toml gives `cargo test`, when the tool is where the sandbox sees it", async () => {
    assert.deepEqual(await detectCheck(workspace({ "go.mod": "module example.com/p\n\ngo 1.22\n" }), undefined, ALL), { command: "go test ./...", why: "go.mod" });
    assert.deepEqual(await detectCheck(workspace({ "Cargo.toml": "[package]\nname = \"p\"\n" }), undefined, ALL), { command: "cargo test", why: "Cargo.toml" });
    const rustup = await findCheck(workspace({ "Cargo.toml": "[package]\nname = \"p\"\n" }), undefined, probe({ elsewhere: ["cargo"] }));
    assert.equal(rustup.check, null);
    assert.match(rustup.notes.join("\n"), /Cargo\.toml found, but cargo is installed at .*outside what a sandboxed check can see/);
});

test("an ecosystem that cannot run gives way to the next one", async () => {
    // A Python project with a package.json only for its formatter: pytest, not a missing npm script.
    const root = workspace({ "package.json": pkg({ format: "prettier -w ." }), "pytest.ini": "[pytest]\n" });
    const found = await findCheck(root, undefined, ALL);
    assert.equal(found.check?.command, "python3 -m pytest -q");
    assert.match(found.notes.join("\n"), /package\.json has no "test" script/);
});

test("the setting wins over everything the workspace has; a blank setting does not count", async () => {
    const root = workspace({ "package.json": pkg({ test: "jest" }), "go.mod": "module m\n" });
    assert.deepEqual(await detectCheck(root, "make check", ALL), { command: "make check", why: "the setting gptOss.agent.checkCommand" });
    assert.equal((await detectCheck(root, "   ", ALL))?.command, "npm test");
});

test("nothing found → null, with a note; an unreadable package.json is said so", async () => {
    const empty = await findCheck(workspace({ "README.md": "# hi\n" }), undefined, ALL);
    assert.equal(empty.check, null);
    assert.match(empty.notes.join("\n"), /no package\.json, pytest configuration/);
    assert.equal(await detectCheck(workspace({ "README.md": "# hi\n" }), undefined, ALL), null);
    const broken = await findCheck(workspace({ "package.json": "{ not json" }), undefined, ALL);
    assert.equal(broken.check, null);
    assert.match(broken.notes.join("\n"), /package\.json could not be read/);
});

test("the real probe: only tools a sandboxed shell can start count", () => {
    // `sh` is in /usr/bin or /bin on every Linux; a name that exists nowhere is null.
    const sh = hostProbe.locate("sh");
    assert.ok(sh !== null && sh.sandboxed, JSON.stringify(sh));
    assert.equal(hostProbe.locate("gptoss-no-such-tool-4711"), null);
    // A tool found only through the host PATH outside /usr is reported but not usable.
    const folder = workspace({ "bin/gptoss-fake-tool": "#!/bin/sh\n" });
    chmodSync(join(folder, "bin", "gptoss-fake-tool"), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${join(folder, "bin")}:${savedPath ?? ""}`;
    try {
        assert.deepEqual(hostProbe.locate("gptoss-fake-tool"), { path: join(folder, "bin", "gptoss-fake-tool"), sandboxed: false });
    } finally {
        if (savedPath === undefined) delete process.env.PATH;
        else process.env.PATH = savedPath;
    }
});
