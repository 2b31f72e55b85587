// Which of node-llama-cpp's engine packages a VSIX ships: `npm start` packages the CPU engine
// plus the GPU engines this machine's drivers can run ("linux-x64-cpu+cuda"), not all ~600 MB.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { binaryPackagesFor, parseTarget } from "../../scripts/package/targets.mjs";

function repoWith(packages: string[]): string {
    const root = mkdtempSync(join(tmpdir(), "gptoss-targets-"));
    for (const name of packages) mkdirSync(join(root, "node_modules", "@node-llama-cpp", name), { recursive: true });
    return root;
}

test("a -cpu target ships the CPU engine plus only the GPU engines named after it", () => {
    const root = repoWith(["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext", "linux-x64-vulkan", "linux-arm64"]);
    try {
        const kept = (target: string | undefined) => binaryPackagesFor(parseTarget(target), root).kept.sort();
        assert.deepEqual(kept("linux-x64-cpu"), ["linux-x64"]);
        assert.deepEqual(kept("linux-x64-cpu+cuda"), ["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext"]);
        assert.deepEqual(kept("linux-x64-cpu+vulkan"), ["linux-x64", "linux-x64-vulkan"]);
        assert.deepEqual(kept("linux-x64"), ["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext", "linux-x64-vulkan"]);
        assert.deepEqual(binaryPackagesFor(parseTarget("linux-x64-cpu+cuda"), root).ignoreLines.sort(),
            ["node_modules/@node-llama-cpp/linux-arm64/**", "node_modules/@node-llama-cpp/linux-x64-vulkan/**"]);
    } finally {
        rmSync(root, { recursive: true, force: true });
    }
});

test("backends only after a -cpu target, and only known ones", () => {
    assert.throws(() => parseTarget("linux-x64+cuda"), /only a -cpu target takes \+backends/);
    assert.throws(() => parseTarget("linux-x64-cpu+rocm"), /from cuda, vulkan/);
    assert.deepEqual(parseTarget("linux-x64-cpu+cuda+vulkan"), { name: "linux-x64-cpu+cuda+vulkan", platform: "linux-x64", cpuOnly: true, backends: ["cuda", "vulkan"] });
});
