// Runs a test suite (or all of them) with node's own test runner, TypeScript through tsx.
// `all` runs every suite's files in one `node --test` process tree, so CI reads one summary.
// A suite may have `test/<suite>/global-setup.ts`, run once before its files (e.g. installing
// code-server for e2e); bundles are built first when a suite needs them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SUITES = ["unit", "integration", "sandbox", "faults", "webview", "e2e"];
const NEEDS_BUILD = new Set(["integration", "faults", "e2e", "webview"]);

const requested = process.argv[2] ?? "all";
const suites = requested === "all" ? SUITES : [requested];
for (const suite of suites) {
    if (!SUITES.includes(suite)) {
        console.error(`unknown suite "${suite}"; expected one of: all, ${SUITES.join(", ")}`);
        process.exit(2);
    }
}

function testFiles(dir) {
    if (!existsSync(dir)) return [];
    const found = [];
    for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) found.push(...testFiles(path));
        else if (name.endsWith(".test.ts")) found.push(path);
    }
    return found;
}

function run(command, args) {
    const result = spawnSync(command, args, { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
}

// The whole suite starts with the type check (every process's project, tsc -b) and the lint
// (import boundaries, promises): both are part of "the tests pass".
if (requested === "all") {
    run(process.execPath, ["node_modules/typescript/bin/tsc", "-b"]);
    run(process.execPath, ["node_modules/eslint/bin/eslint.js", "."]);
}
if (suites.some((suite) => NEEDS_BUILD.has(suite))) run(process.execPath, ["scripts/build.mjs"]);

for (const suite of suites) {
    const setup = join("test", suite, "global-setup.ts");
    if (existsSync(setup)) run(process.execPath, ["--import", "tsx", setup]);
}

const files = suites.flatMap((suite) => testFiles(join("test", suite)));
if (files.length === 0) {
    console.error(`no test files found for: ${suites.join(", ")}`);
    process.exit(1);
}
run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...files]);
