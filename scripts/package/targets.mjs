// Package targets. node-llama-cpp ships its prebuilt engine as one npm package per platform and
// backend (@node-llama-cpp/linux-x64, …-cuda, …-cuda-ext, …-vulkan); the CUDA ones are ~540 MB.
// The default VSIX ships every one installed here; a target keeps one platform's, and a "-cpu"
// target only its CPU build, which is what the e2e profile needs (fast to package and install),
// plus the GPU backends named after it ("linux-x64-cpu+cuda": what this machine can use).
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

/** GPU backends a "-cpu" target can add back, as node-llama-cpp names its packages' suffixes. */
const GPU_BACKENDS = ["cuda", "vulkan"];

/**
 * "linux-x64-cpu" → { platform: "linux-x64", cpuOnly: true, backends: [] }; "linux-x64-cpu+cuda"
 * adds the CUDA packages back (what `npm start` packages on a machine with an NVIDIA driver);
 * undefined → universal.
 */
export function parseTarget(target) {
    if (!target) return undefined;
    const [base, ...backends] = target.split("+");
    const cpuOnly = base.endsWith("-cpu");
    const platform = cpuOnly ? base.slice(0, -"-cpu".length) : base;
    if (!(platform in BINARY_PREFIX)) {
        throw new Error(`unknown target "${target}"; expected one of ${Object.keys(BINARY_PREFIX).map((p) => `${p}, ${p}-cpu`).join(", ")} (a -cpu target may add +cuda, +vulkan)`);
    }
    const unknown = backends.filter((backend) => !GPU_BACKENDS.includes(backend));
    if (unknown.length > 0 || (backends.length > 0 && !cpuOnly)) {
        throw new Error(`target "${target}": only a -cpu target takes +backends, from ${GPU_BACKENDS.join(", ")}`);
    }
    return { name: target, platform, cpuOnly, backends };
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
    const backends = target.backends ?? [];
    const keep = (name) => name === prefix
        || (!target.cpuOnly && name.startsWith(`${prefix}-`))
        || backends.some((backend) => name.startsWith(`${prefix}-${backend}`));
    if (!installed.some(keep)) {
        throw new Error(`target ${target.name}: node_modules/@node-llama-cpp/${prefix} is not installed (have: ${installed.join(", ") || "none"})`);
    }
    return {
        kept: installed.filter(keep),
        ignoreLines: installed.filter((name) => !keep(name)).map((name) => `node_modules/@node-llama-cpp/${name}/**`),
    };
}
