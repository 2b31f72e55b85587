// Picks the compute backend. "auto" lets node-llama-cpp try CUDA, Vulkan and Metal in turn and
// fall back to the CPU; a forced backend that cannot start is an error, not a silent fallback.
// Builds from source are never attempted: the extension ships prebuilt binaries.
import os from "node:os";
import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import type { ComputeBackend, GpuSetting } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { log } from "../log.ts";
import { generationPriorityEnabled } from "./generation-priority.ts";

const runtimes = new Map<GpuSetting, Promise<Llama>>();

export function llamaRuntime(gpu: GpuSetting): Promise<Llama> {
    let runtime = runtimes.get(gpu);
    if (runtime === undefined) {
        runtime = createRuntime(gpu);
        runtimes.set(gpu, runtime);
        runtime.catch(() => runtimes.delete(gpu));
    }
    return runtime;
}

async function createRuntime(gpu: GpuSetting): Promise<Llama> {
    try {
        return await getLlama({
            gpu: gpu === "cpu" ? false : gpu,
            build: "never",
            usePrebuiltBinaries: true,
            progressLogs: false,
            logLevel: LlamaLogLevel.warn,
            logger(level, message) {
                const text = message.trimEnd();
                if (text === "") return;
                if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) log.error(`llama.cpp: ${text}`);
                else log.debug(`llama.cpp: ${text}`);
            },
        });
    } catch (error) {
        throw new EngineError("gpu-unavailable",
            `The ${gpu === "auto" ? "compute" : gpu.toUpperCase()} backend could not start (${errorMessage(error)}). ` +
            `Set gptOss.gpu to "auto" or "cpu".`, { cause: error });
    }
}

export function backendOf(llama: Llama): ComputeBackend {
    return llama.gpu === false ? "cpu" : llama.gpu;
}

/**
 * Threads for generation. On the CPU, half the logical cores (hyper-threads share units, and a
 * thread per core oversubscribes small machines: 4 threads on 2 cores ran ~700x slower here);
 * with a GPU the CPU mostly waits, so few threads are enough.
 */
export function chooseThreads(requested: number, backend: ComputeBackend): number {
    if (requested > 0) return requested;
    const cores = os.availableParallelism();
    if (backend === "cpu") return Math.max(1, Math.floor(cores / 2));
    return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

/**
 * Threads for inline completions (gpt-oss's completion context or the fill-in-the-middle model).
 * Chat and agent generations pause while a completion is computed (generation-priority.ts), so on
 * the CPU a completion has the machine to itself and takes every core llama.cpp counts as useful
 * for math (`mathCores`: physical cores, without hyper-thread siblings, so never more threads
 * than cores). bench:completions measured it on the 2-core VM: a suggestion's p50 250 ms with one
 * thread, 137 ms with both. A thread count the user set applies to every context alike; with a
 * GPU the CPU mostly waits, as for the chat.
 */
export function chooseCompletionThreads(requested: number, backend: ComputeBackend, mathCores: number): number {
    if (requested > 0 || backend !== "cpu" || !generationPriorityEnabled()) return chooseThreads(requested, backend);
    return Math.max(1, mathCores, chooseThreads(requested, backend));
}
