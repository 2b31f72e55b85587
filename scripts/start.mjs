// `npm start`: builds, packages and opens the extension in a real VS Code on the sample
// workspace. With VS Code desktop on PATH (`code`) it installs the VSIX there and opens the
// folder; otherwise it serves VS Code through code-server (installed on first use into the same
// user cache folder the e2e tests use) on 127.0.0.1, prints the address to open, and runs until
// Ctrl+C. The profile is yours: your settings decide the model (by default the chat's welcome
// offers to download gpt-oss-20b). Each step prints its time; a step with nothing to do (an
// up-to-date VSIX, an installed code-server, the same VSIX already installed) is skipped.
//   npm start [-- <folder>] [--code-server] [--target <target>] [--all-backends]
// --code-server uses code-server even when `code` is on PATH; --target is scripts/package.mjs's
// (default: this machine's CPU engine plus the GPU engines its drivers can run, e.g.
// linux-x64-cpu+cuda); --all-backends packages every engine of this platform.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { arch, platform } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { install, installExtension, launch, writeUserSettings } from "./code-server.mjs";
import { isInstalled } from "./code-server/install.mjs";
import { packageExtension } from "./package.mjs";
import { isFresh, VSIX_INPUTS } from "./package/freshness.mjs";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
// The VSIX, the profile and the sample copy; GPT_OSS_START_DIR moves them (the start benchmark
// uses a throwaway one so it never touches yours).
const startCache = process.env.GPT_OSS_START_DIR ? resolve(process.env.GPT_OSS_START_DIR) : join(repoRoot, ".cache", "start");
const sampleSource = join(repoRoot, "test", "e2e", "fixtures", "sample-workspace");

const started = performance.now();

/** Runs one step and prints how long it took (or that it was skipped, and why). */
async function step(name, run) {
    const begun = performance.now();
    const skipped = await run();
    const seconds = (performance.now() - begun) / 1000;
    console.log(`[start] ${name}: ${typeof skipped === "string" ? `skipped (${skipped}), ` : ""}${seconds.toFixed(1)} s`);
}

function parseArgs(argv) {
    const options = { folder: undefined, forceCodeServer: false, target: undefined, allBackends: false };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--code-server") options.forceCodeServer = true;
        else if (argv[i] === "--all-backends") options.allBackends = true;
        else if (argv[i] === "--target") options.target = argv[++i];
        else if (argv[i].startsWith("--")) throw new Error(`unknown option ${argv[i]}`);
        else options.folder = resolve(argv[i]);
    }
    return options;
}

/** This machine's platform as vsce names it (linux-x64), or undefined for one it has no name for. */
function hostPlatform() {
    const os = { linux: "linux", darwin: "darwin", win32: "win32" }[platform()];
    const cpu = { x64: "x64", arm64: "arm64", arm: "armhf" }[arch()];
    return os && cpu ? `${os}-${cpu}` : undefined;
}

/**
 * This machine as a package target: its CPU engine plus the GPU engines node-llama-cpp finds
 * the drivers for here (CUDA, Vulkan; Metal is inside the macOS engine). The CUDA engines are
 * ~540 MB, so a machine without an NVIDIA driver does not package them.
 */
async function hostTarget(allBackends) {
    const base = hostPlatform();
    if (base === undefined || allBackends) return base;
    const { getLlamaGpuTypes } = await import("node-llama-cpp");
    const gpus = (await getLlamaGpuTypes("supported")).filter((gpu) => gpu === "cuda" || gpu === "vulkan");
    // macOS on Apple silicon has only the Metal engine (no CPU-only one): keep the platform's.
    if (base === "darwin-arm64") return base;
    return [`${base}-cpu`, ...gpus].join("+");
}

/** The sample workspace, copied once so edits made while trying things survive restarts. */
function sampleWorkspace() {
    const copy = join(startCache, "sample-workspace");
    if (!existsSync(copy)) cpSync(sampleSource, copy, { recursive: true });
    return copy;
}

function hasDesktopCode() {
    return spawnSync("sh", ["-c", "command -v code"], { stdio: "ignore" }).status === 0;
}

function openInDesktop(vsix, folder) {
    const installed = spawnSync("code", ["--install-extension", vsix, "--force"], { stdio: "inherit" });
    if (installed.status !== 0) throw new Error(`code --install-extension failed (exit ${installed.status})`);
    const opened = spawnSync("code", [folder], { stdio: "inherit" });
    if (opened.status !== 0) throw new Error(`code ${folder} failed (exit ${opened.status})`);
    console.log(`Opened ${folder} in VS Code with the extension from ${vsix}.`);
}

/** The VSIX last installed into the start profile (path, size, time), so an unchanged one is not installed again. */
function vsixStamp(vsix) {
    const info = statSync(vsix);
    return JSON.stringify({ vsix, bytes: info.size, mtimeMs: info.mtimeMs });
}

async function openInCodeServer(vsix, folder) {
    await step("code-server", () => (isInstalled() ? "already installed in the shared cache" : void install()));
    // A profile that lasts between runs (settings, downloaded model, state), unlike the e2e ones.
    const extensionsDir = join(startCache, "extensions");
    const userDataDir = join(startCache, "user-data");
    const stampFile = join(startCache, "installed-vsix.json");
    await step("install the extension", () => {
        if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === vsixStamp(vsix)) return "this VSIX is installed";
        installExtension(vsix, extensionsDir, userDataDir);
        writeFileSync(stampFile, vsixStamp(vsix));
    });
    // First run only: the sample copy lives inside this repository, and VS Code would offer to
    // open the enclosing repository on every start.
    if (!existsSync(join(userDataDir, "User", "settings.json"))) {
        writeUserSettings(userDataDir, { "git.openRepositoryInParentFolders": "never" }, { workbenchDefaults: false });
    }
    let server;
    await step("start code-server", async () => { server = await launch({ workspace: folder, extensionsDir, userDataDir }); });
    console.log(`[start] total: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`\ncode-server is serving ${folder}\n\n    open ${server.url}\n\nCtrl+C stops it. code-server log: ${server.logFile}`);
    await new Promise((resolveStop) => {
        const stop = () => resolveStop(undefined);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
    });
    console.log("\nstopping code-server…");
    await server.stop();
}

try {
    const options = parseArgs(process.argv.slice(2));
    const folder = options.folder ?? sampleWorkspace();
    const target = options.target ?? await hostTarget(options.allBackends);
    const vsix = join(startCache, `gpt-oss-assistant-${target ?? "universal"}.vsix`);
    await step(`build and package (${target ?? "every engine"})`, async () => {
        if (isFresh(vsix, VSIX_INPUTS.map((input) => join(repoRoot, input)))) return "nothing changed since the last package";
        await packageExtension({ target, out: vsix });
    });
    if (hasDesktopCode() && !options.forceCodeServer) openInDesktop(vsix, folder);
    else await openInCodeServer(vsix, folder);
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
}
