// Package targets. node-llama-cpp ships its prebuilt engine as one npm package per platform and
// backend (@node-llama-cpp/linux-x64, …-cuda, …-cuda-ext, …-vulkan); the CUDA ones are ~540 MB.
// The default VSIX ships every one installed here; a target keeps one platform's, and a "-cpu"
// target only its CPU build, which is what the e2e profile needs (fast to package and install).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

// vsce's platform names → node-llama-cpp's binary package prefixes.
const BINARY_PREFIX = {
    "linux-x64": "linux-x64",
    "linux-arm64": "linux-arm64",
    "linux-armhf": "linux-armv7l",
    "darwin-x64": "mac-x64",
    "darwin-arm64": "mac-arm64",
    "win32-x64": "win-x64",
    "win32-arm64": "win-arm64",
};

/** "linux-x64-cpu" → { platform: "linux-x64", cpuOnly: true }; undefined → universal. */
export function parseTarget(target) {
    if (!target) return undefined;
    const cpuOnly = target.endsWith("-cpu");
    const platform = cpuOnly ? target.slice(0, -"-cpu".length) : target;
    if (!(platform in BINARY_PREFIX)) {
        throw new Error(`unknown target "${target}"; expected one of ${Object.keys(BINARY_PREFIX).map((p) => `${p}, ${p}-cpu`).join(", ")}`);
    }
    return { name: target, platform, cpuOnly };
}

/**
 * Which binary packages a target ships (`kept`) and the extra .vscodeignore lines that drop
 * the others. Throws when the target's own binary package is not installed: such a VSIX could
 * not load a model.
 */
export function binaryPackagesFor(target, repoRoot) {
    const scopeDir = join(repoRoot, "node_modules", "@node-llama-cpp");
    const installed = existsSync(scopeDir) ? readdirSync(scopeDir) : [];
    if (!target) return { kept: installed, ignoreLines: [] };
    const prefix = BINARY_PREFIX[target.platform];
    const keep = (name) => name === prefix || (!target.cpuOnly && name.startsWith(`${prefix}-`));
    if (!installed.some(keep)) {
        throw new Error(`target ${target.name}: node_modules/@node-llama-cpp/${prefix} is not installed (have: ${installed.join(", ") || "none"})`);
    }
    return {
        kept: installed.filter(keep),
        ignoreLines: installed.filter((name) => !keep(name)).map((name) => `node_modules/@node-llama-cpp/${name}/**`),
    };
}
