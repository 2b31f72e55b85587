// Runs a test suite (or all of them) with node's own test runner, TypeScript through tsx.
// `all` runs every suite's files in one `node --test` process tree, so CI reads one summary.
// A suite may have `test/<suite>/global-setup.ts`, run once before its files (e.g. installing
// code-server for e2e); bundles are built first when a suite needs them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SUITES = ["unit", "integration", "sandbox", "faults", "webview", "e2e"];
const NEEDS_BUILD = new Set(["integration", "faults", "e2e", "webview"]);
// Suites with tests against llama.cpp's own server (test/support/llama-server.ts), built from source.
const NEEDS_LLAMA_SERVER = new Set(["integration", "e2e"]);

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

// llama-server takes minutes to compile on a fresh machine, so it is built in the background from
// the start while the other suites run; the real-server tests run the same script, which waits for
// this build through its lock. Killed (its whole process group) if the runner exits first.
if (suites.some((suite) => NEEDS_LLAMA_SERVER.has(suite))) {
    mkdirSync("test-results", { recursive: true });
    const log = join("test-results", "llama-server-build.log");
    const out = openSync(log, "w");
    const build = spawn("sh", ["scripts/llama-server/build.sh"], { stdio: ["ignore", out, out], detached: true });
    console.log(`llama-server: building in the background (log: ${log})`);
    process.on("exit", () => {
        try {
            process.kill(-build.pid, "SIGTERM");
        } catch {
            // ESRCH: the build had already finished (spawnSync kept its exit event unread).
        }
    });
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
