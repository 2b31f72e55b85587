// What the engine chooses for the real gpt-oss-20b and gpt-oss-120b on the machines users have:
// node-llama-cpp's configuration resolver, given header-only files of the published shapes and
// simulated GPU/RAM states (test/fixtures/real-shape-model/simulated-machines.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { planLoad, ramReserve, USABLE_CONTEXT, type LoadPlan, type MachineMemory } from "../../server/engine/load-plan.ts";
import { EngineError } from "../../server/engine/engine-error.ts";
import { GiB, appleUnified, cpuOnly, discreteGpu, realShapeInsights } from "../fixtures/real-shape-model/simulated-machines.ts";
import type { GptOssModelName } from "../fixtures/real-shape-model/index.ts";

const SETTING = 16_384; // gptOss.contextSize's default

async function plan(model: GptOssModelName, machine: MachineMemory, context = SETTING): Promise<LoadPlan> {
    return planLoad(await realShapeInsights(model), machine, context, model);
}

function assertGpuDefaults(p: LoadPlan): void {
    assert.equal(p.flashAttention, true, "flash attention on a GPU");
    assert.equal(p.kvCacheType, "f16");
    assert.equal(p.swaFullCache, false, "sliding-window layers keep only their window");
    assert.equal(p.expertsInRam, false, "node-llama-cpp 3.22.1 cannot keep experts in RAM");
}

/** The machine stays usable: the GPU keeps node-llama-cpp's margin, RAM keeps room for the OS and editor. */
function assertLeavesMachineUsable(p: LoadPlan, m: MachineMemory): void {
    assert.ok(p.vramBytes <= m.vram.free - m.vramPadding / 2, `VRAM ${p.vramBytes} of ${m.vram.free} free`);
    const ramUse = p.ramBytes + (m.vram.unifiedSize > 0 ? p.vramBytes : 0);
    assert.ok(ramUse <= m.ram.free - ramReserve(m.ram.total), `RAM ${ramUse} of ${m.ram.free} free`);
}

test("gpt-oss-20b on a 16 GB GPU: every layer on the GPU with a 16k context", async () => {
    const machine = discreteGpu(16, 32);
    const p = await plan("gpt-oss-20b", machine);
    assert.equal(p.gpuLayers, p.totalLayers);
    assert.equal(p.totalLayers, 25);
    assert.ok(p.contextSize >= USABLE_CONTEXT);
    assertGpuDefaults(p);
    assertLeavesMachineUsable(p, machine);
    assert.equal(p.summary, "All 25 layers on GPU, 16k context: GPU has 16 GB");
});

test("gpt-oss-20b on a 16 GB GPU with the whole 128k context asked for: still all on the GPU", async () => {
    const machine = discreteGpu(16, 32);
    const p = await plan("gpt-oss-20b", machine, 131_072);
    assert.equal(p.gpuLayers, p.totalLayers);
    assert.ok(p.contextSize >= USABLE_CONTEXT);
    assertLeavesMachineUsable(p, machine);
});

test("gpt-oss-20b on a 24 GB GPU: all on the GPU, and the whole 128k context when asked", async () => {
    const machine = discreteGpu(24, 64);
    const p = await plan("gpt-oss-20b", machine, 131_072);
    assert.equal(p.gpuLayers, p.totalLayers);
    assert.equal(p.contextSize, 131_072);
    assertGpuDefaults(p);
    assertLeavesMachineUsable(p, machine);
});

for (const [vram, ram] of [[12, 32], [8, 16]] as const) {
    test(`gpt-oss-20b on a ${vram} GB GPU: part of the layers on the GPU, a 16k context, the machine left usable`, async () => {
        const machine = discreteGpu(vram, ram);
        const p = await plan("gpt-oss-20b", machine);
        assert.ok(p.gpuLayers > 0 && p.gpuLayers < p.totalLayers, `${p.gpuLayers} of ${p.totalLayers} layers on the GPU`);
        assert.equal(p.contextSize, SETTING);
        assertGpuDefaults(p);
        assertLeavesMachineUsable(p, machine);
        assert.equal(p.summary, `${p.gpuLayers} of 25 layers on GPU, 16k context: GPU has ${vram} GB`);
    });
}

test("gpt-oss-20b: a bigger GPU never gets fewer layers", async () => {
    const layers = [];
    for (const vram of [8, 12, 16, 24]) layers.push((await plan("gpt-oss-20b", discreteGpu(vram, 32))).gpuLayers);
    assert.deepEqual([...layers].sort((a, b) => a - b), layers);
});

for (const ram of [32, 64]) {
    test(`gpt-oss-20b on Apple silicon with ${ram} GB unified memory: all on the GPU, 16k context`, async () => {
        const machine = appleUnified(ram);
        const p = await plan("gpt-oss-20b", machine);
        assert.equal(p.gpuLayers, p.totalLayers);
        assert.ok(p.contextSize >= USABLE_CONTEXT);
        assertGpuDefaults(p);
        assertLeavesMachineUsable(p, machine);
        assert.match(p.summary, new RegExp(`^All 25 layers on GPU, 16k context: GPU can use \\d+ GB of ${ram} GB unified memory$`));
    });
}

test("gpt-oss-20b on Apple silicon with 16 GB: refused, naming the memory it needs", async () => {
    // 11.3 GiB of weights plus a context and the system's share do not fit in the 12 GB a 16 GB
    // Mac has free with the editor open; loading anyway would page the model in and out.
    const error = await plan("gpt-oss-20b", appleUnified(16)).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof EngineError, `expected a refusal, got ${String(error)}`);
    assert.equal(error.code, "out-of-memory");
    assert.match(error.message, /^gpt-oss-20b does not fit: it needs about 1[34] GB \(11 GB of weights, a 4k context, and 2 GB left for the system\), and this machine has 11 GB of GPU memory and 12 GB of RAM free\./);
});

test("gpt-oss-120b on one 80 GB H100: every layer on the GPU with a 16k context", async () => {
    const machine = discreteGpu(80, 256);
    const p = await plan("gpt-oss-120b", machine);
    assert.equal(p.totalLayers, 37);
    assert.equal(p.gpuLayers, 37);
    assert.ok(p.contextSize >= USABLE_CONTEXT);
    assertGpuDefaults(p);
    assertLeavesMachineUsable(p, machine);
    assert.equal(p.summary, "All 37 layers on GPU, 16k context: GPU has 80 GB");
});

test("gpt-oss-120b on one 80 GB H100 with the whole 128k context asked for", async () => {
    const machine = discreteGpu(80, 256);
    const p = await plan("gpt-oss-120b", machine, 131_072);
    assert.equal(p.gpuLayers, 37);
    assert.equal(p.contextSize, 131_072);
    assertLeavesMachineUsable(p, machine);
});

test("gpt-oss-120b on a 24 GB GPU with 64 GB RAM: layers split between GPU and RAM, machine left usable", async () => {
    const machine = discreteGpu(24, 64);
    const p = await plan("gpt-oss-120b", machine);
    assert.ok(p.gpuLayers > 0 && p.gpuLayers < p.totalLayers, `${p.gpuLayers} of ${p.totalLayers} layers on the GPU`);
    assert.equal(p.contextSize, SETTING);
    assertGpuDefaults(p);
    assertLeavesMachineUsable(p, machine);
    assert.ok(p.ramBytes > 30 * GiB, "most of the experts live in RAM");
});

test("gpt-oss-120b on the CPU alone with 128 GB RAM: all in RAM, 16k context, no GPU options", async () => {
    const machine = cpuOnly(128);
    const p = await plan("gpt-oss-120b", machine);
    assert.equal(p.gpuLayers, 0);
    assert.equal(p.contextSize, SETTING);
    assert.equal(p.flashAttention, false);
    assert.equal(p.vramBytes, 0);
    assertLeavesMachineUsable(p, machine);
    assert.equal(p.summary, "On the CPU, 16k context: 128 GB RAM");
});

test("gpt-oss-120b where nothing fits (16 GB GPU, 32 GB RAM): a clear refusal with the memory it needs", async () => {
    const error = await plan("gpt-oss-120b", discreteGpu(16, 32)).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, "out-of-memory");
    assert.match(error.message, /^gpt-oss-120b does not fit: it needs about (\d+) GB \(59 GB of weights, a 4k context, and 3\.2 GB left for the system\), and this machine has 16 GB of GPU memory and 28 GB of RAM free\. /);
    const needed = Number(/about (\d+) GB/.exec(error.message)![1]);
    assert.ok(needed > 16 + 28, "the amount named is more than the machine has");
});

test("gpt-oss-20b on a 16 GB Vulkan GPU: all on the GPU, flash attention left off", async () => {
    const machine: MachineMemory = { ...discreteGpu(16, 32), backend: "vulkan" };
    const p = await plan("gpt-oss-20b", machine);
    assert.equal(p.gpuLayers, p.totalLayers);
    assert.ok(p.contextSize >= USABLE_CONTEXT);
    assert.equal(p.flashAttention, false);
    assertLeavesMachineUsable(p, machine);
});
