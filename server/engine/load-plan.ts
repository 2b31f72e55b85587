// Decides how a gpt-oss GGUF is loaded on this machine: how many layers go to the GPU, the context
// size, flash attention, the KV cache type and the sliding-window cache, and says why in one line
// for the status tooltip ("20 of 25 layers on GPU, 16k context: GPU has 12 GB").
//
// The memory figures come from node-llama-cpp's own configuration resolver (GgufInsights), fed
// with a snapshot of the machine's memory. On a real machine the snapshot is the machine's; the
// planning tests feed simulated machines (an 8 GB GPU, a 16 GB Mac...) the same way.
//
// Experts in RAM: llama.cpp can keep the MoE expert tensors in RAM while attention and the rest
// stay on the GPU (--n-cpu-moe / --override-tensor). node-llama-cpp 3.22.1 has no option for it
// (LlamaModelOptions offers gpuLayers only, and its addon sets no tensor buffer overrides), so
// the only split available is whole layers, and that is what this plan chooses.
import type { GgufInsights } from "node-llama-cpp";
import { InsufficientMemoryError } from "node-llama-cpp";
import type { ComputeBackend } from "../../protocol/index.ts";
import { EngineError } from "./engine-error.ts";

/** Memory as node-llama-cpp reports it, in bytes. */
export interface MachineMemory {
    backend: Exclude<ComputeBackend, "remote">;
    /** unifiedSize: the part of the GPU memory that is system RAM (all of it on Apple silicon). */
    vram: { total: number; free: number; unifiedSize: number };
    ram: { total: number; free: number };
    /** VRAM node-llama-cpp keeps unused for the driver and other programs. */
    vramPadding: number;
}

export interface LoadPlan {
    gpuLayers: number;
    /** Layers node-llama-cpp counts: the transformer blocks plus the output layer. */
    totalLayers: number;
    contextSize: number;
    flashAttention: boolean;
    /** K and V cache type. F16: gpt-oss caches ~24 KB per token (half its layers use a 128-token window), too little to be worth quantizing. */
    kvCacheType: "f16";
    /** false: the sliding-window layers keep only their window (llama.cpp's default), not the whole context. */
    swaFullCache: boolean;
    /** Always false with node-llama-cpp 3.22.1 (see the file comment). */
    expertsInRam: boolean;
    /** Estimated bytes this load takes. */
    vramBytes: number;
    ramBytes: number;
    /** For the status tooltip: what was chosen and the memory that decided it. */
    summary: string;
}

/** A chat context below this is too small for gpt-oss's reasoning plus a file or two of code. */
export const USABLE_CONTEXT = 16_384;
/** The smallest context a plan may fall back to before saying the model does not fit. */
export const MIN_CONTEXT = 4_096;

const GiB = 2 ** 30;

/**
 * RAM left for the system and the editor after the model and its context: a plan that takes
 * more would push VS Code and the OS into swap ("leaves the machine usable").
 */
export function ramReserve(totalRam: number): number {
    return Math.max(2 * GiB, 0.1 * totalRam);
}

export function formatContext(tokens: number): string {
    return tokens >= 1024 ? `${Math.round(tokens / 1024)}k` : String(tokens);
}

export function formatGigabytes(bytes: number): string {
    const gb = bytes / GiB;
    return `${gb >= 10 ? Math.round(gb) : Math.round(gb * 10) / 10} GB`;
}

interface Estimate { gpuLayers: number; contextSize: number; vram: number; ram: number }

/**
 * The plan for `insights` on `machine` with the user's context setting. Throws an EngineError
 * "out-of-memory" naming the memory needed when no split of the model fits.
 */
export async function planLoad(insights: GgufInsights, machine: MachineMemory, wantedContext: number, modelName = "The model"): Promise<LoadPlan> {
    const resolver = insights.configurationResolver;
    const totalLayers = insights.totalLayers;
    const trainContext = insights.trainContextSize ?? wantedContext;
    const wanted = Math.max(1, Math.min(wantedContext, trainContext));
    const usable = Math.min(wanted, USABLE_CONTEXT);
    const smallest = Math.min(wanted, MIN_CONTEXT);
    const onGpu = machine.backend !== "cpu" && machine.vram.total > 0;
    // Flash attention on CUDA and Metal, whose kernels handle gpt-oss's attention sinks: it shrinks
    // the attention work buffers that grow with the context. Elsewhere it is set off (node-llama-cpp's
    // own default is "auto"): on the CPU it is no faster for gpt-oss (bench:overhead measured 0.997),
    // and a Vulkan driver without the kernel would hand the op back to the CPU.
    const flashAttention = onGpu && (machine.backend === "cuda" || machine.backend === "metal");
    const swaFullCache = false;
    const hardware = {
        getVramState: async () => machine.vram,
        llamaVramPaddingSize: machine.vramPadding,
        llamaGpu: onGpu ? machine.backend as "cuda" | "vulkan" | "metal" : false as const,
        llamaSupportsGpuOffloading: onGpu,
    };
    const ramAvailable = machine.ram.free - ramReserve(machine.ram.total);

    const ramFor = (vram: number, ram: number) => ram + unifiedShare(vram, machine.vram);
    const estimate = async (gpuLayers: number, contextSize: number): Promise<Estimate> => {
        const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
        const context = await insights.estimateContextResourceRequirementsV2({
            contextSize, modelGpuLayers: gpuLayers, sequences: 1, flashAttention, swaFullCache,
        });
        return { gpuLayers, contextSize, vram: model.gpuVram + context.gpuVram, ram: model.cpuRam + context.cpuRam };
    };
    /** Most layers that fit the GPU with `contextSize` beside them, or null when not even one does. */
    const layersFor = async (contextSize: number): Promise<number | null> => {
        if (!onGpu) return 0;
        try {
            const { gpuLayers } = await resolver.resolveModelGpuLayersV2({ fitContext: { contextSize } }, {
                ...hardware, defaultContextFlashAttention: flashAttention, defaultContextSwaFullCache: swaFullCache, useMmap: false,
            });
            return gpuLayers;
        } catch (error) {
            if (error instanceof InsufficientMemoryError) return null;
            throw error;
        }
    };
    const fitsRam = (e: Estimate) => ramFor(e.vram, e.ram) <= ramAvailable;
    // node-llama-cpp fits layers beside a context into free VRAM minus half its padding; the same rule here.
    const fitsVram = (e: Estimate) => e.vram <= Math.max(0, machine.vram.free - machine.vramPadding / 2);

    // 1. The whole model on the GPU with the context asked for, then with a usable one.
    for (const contextSize of unique([wanted, usable])) {
        if (!onGpu) break;
        const layers = await layersFor(contextSize);
        if (layers !== totalLayers) continue;
        const best = await largestContext(totalLayers, contextSize, wanted, estimate, (e) => fitsVram(e) && fitsRam(e));
        if (best !== null) return plan(best);
    }
    // 2. Part of it on the GPU (or all of it in RAM), the rest in RAM, with the most context that fits.
    for (const contextSize of unique([usable, smallest])) {
        let layers = await layersFor(contextSize);
        if (layers === null) continue;
        // The resolver's context estimate can differ a little from the one here: step down until both agree.
        while (layers > 0 && !fitsVram(await estimate(layers, contextSize))) layers -= 1;
        const best = await largestContext(layers, contextSize, wanted, estimate, (e) => (!onGpu || fitsVram(e)) && fitsRam(e));
        if (best !== null) return plan(best);
    }
    // 3. Nothing fits: say how much memory the smallest load needs.
    const needed = await estimate(0, smallest);
    const available = onGpu
        ? `this machine has ${formatGigabytes(machine.vram.free)} of GPU memory and ${formatGigabytes(machine.ram.free)} of RAM free`
        : `this machine has ${formatGigabytes(machine.ram.free)} of RAM free`;
    throw new EngineError("out-of-memory",
        `${modelName} does not fit: it needs about ${formatGigabytes(needed.ram + needed.vram + ramReserve(machine.ram.total))} ` +
        `(${formatGigabytes(insights.modelSize)} of weights, a ${formatContext(smallest)} context, and ${formatGigabytes(ramReserve(machine.ram.total))} left for the system), ` +
        `and ${available}. Close other programs, use a machine with more memory, or a smaller model.`);

    function plan(e: Estimate): LoadPlan {
        return {
            gpuLayers: e.gpuLayers, totalLayers, contextSize: e.contextSize, flashAttention, kvCacheType: "f16", swaFullCache,
            expertsInRam: false, vramBytes: e.vram, ramBytes: e.ram, summary: summarize(e, totalLayers, machine),
        };
    }
}

/** The largest context in [floor, ceiling] (multiples of 1024 above the floor) whose estimate `fits`, or null. */
async function largestContext(
    gpuLayers: number, floor: number, ceiling: number,
    estimate: (gpuLayers: number, contextSize: number) => Promise<Estimate>, fits: (e: Estimate) => boolean,
): Promise<Estimate | null> {
    const atFloor = await estimate(gpuLayers, floor);
    if (!fits(atFloor)) return null;
    const atCeiling = await estimate(gpuLayers, ceiling);
    if (fits(atCeiling)) return atCeiling;
    let low = Math.ceil(floor / 1024), high = Math.floor(ceiling / 1024), best = atFloor;
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        const candidate = await estimate(gpuLayers, middle * 1024);
        if (fits(candidate)) { best = candidate; low = middle; } else high = middle - 1;
    }
    return best;
}

/** The part of a GPU allocation that comes out of system RAM (unified memory), as node-llama-cpp counts it. */
function unifiedShare(vramUse: number, vram: MachineMemory["vram"]): number {
    const dedicated = vram.total - vram.unifiedSize;
    const alreadyUsed = Math.max(0, vram.total - vram.free);
    return Math.min(vram.unifiedSize, Math.max(0, vramUse - Math.max(0, dedicated - alreadyUsed)));
}

function summarize(e: Estimate, totalLayers: number, machine: MachineMemory): string {
    const context = `${formatContext(e.contextSize)} context`;
    if (machine.backend === "cpu" || machine.vram.total === 0) return `On the CPU, ${context}: ${formatGigabytes(machine.ram.total)} RAM`;
    const gpu = machine.vram.unifiedSize >= machine.vram.total
        ? `GPU can use ${formatGigabytes(machine.vram.total)} of ${formatGigabytes(machine.ram.total)} unified memory`
        : `GPU has ${formatGigabytes(machine.vram.total)}`;
    const layers = e.gpuLayers === totalLayers ? `All ${totalLayers} layers on GPU` : `${e.gpuLayers} of ${totalLayers} layers on GPU`;
    return `${layers}, ${context}: ${gpu}`;
}

const unique = (values: number[]) => [...new Set(values)];
