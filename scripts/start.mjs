// `npm start`: builds, packages and opens the extension in a real VS Code on the sample
// workspace. With VS Code desktop on PATH (`code`) it installs the VSIX there and opens the
// folder; otherwise it serves VS Code through code-server (installed into .cache on first use)
// on 127.0.0.1, prints the address to open, and runs until Ctrl+C. The profile is yours: your
// settings decide the model (by default the extension offers to download gpt-oss-20b).
//   npm start [-- <folder>] [--code-server] [--target <target>]
// --code-server uses code-server even when `code` is on PATH; --target is scripts/package.mjs's
// (default: this machine's platform, every backend of it).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { arch, platform } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { install, installExtension, launch, writeUserSettings } from "./code-server.mjs";
import { packageExtension } from "./package.mjs";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const startCache = join(repoRoot, ".cache", "start");
const sampleSource = join(repoRoot, "test", "e2e", "fixtures", "sample-workspace");

function parseArgs(argv) {
    const options = { folder: undefined, forceCodeServer: false, target: undefined };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--code-server") options.forceCodeServer = true;
        else if (argv[i] === "--target") options.target = argv[++i];
        else if (argv[i].startsWith("--")) throw new Error(`unknown option ${argv[i]}`);
        else options.folder = resolve(argv[i]);
    }
    return options;
}

/** This machine as a package target: its platform with all of its backends. */
function hostTarget() {
    const os = { linux: "linux", darwin: "darwin", win32: "win32" }[platform()];
    const cpu = { x64: "x64", arm64: "arm64", arm: "armhf" }[arch()];
    return os && cpu ? `${os}-${cpu}` : undefined;
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

async function openInCodeServer(vsix, folder) {
    install();
    // A profile that lasts between runs (settings, downloaded model, state), unlike the e2e ones.
    const extensionsDir = join(startCache, "extensions");
    const userDataDir = join(startCache, "user-data");
    installExtension(vsix, extensionsDir, userDataDir);
    // First run only: the sample copy lives inside this repository, and VS Code would offer to
    // open the enclosing repository on every start.
    if (!existsSync(join(userDataDir, "User", "settings.json"))) {
        writeUserSettings(userDataDir, { "git.openRepositoryInParentFolders": "never" }, { workbenchDefaults: false });
    }
    const server = await launch({ workspace: folder, extensionsDir, userDataDir });
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
    const { vsix } = await packageExtension({ target: options.target ?? hostTarget(), out: join(startCache, "gpt-oss-assistant.vsix") });
    if (hasDesktopCode() && !options.forceCodeServer) openInDesktop(vsix, folder);
    else await openInCodeServer(vsix, folder);
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
}
