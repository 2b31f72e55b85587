// Picks the compute backend. "auto" lets node-llama-cpp try CUDA, Vulkan and Metal in turn and
// fall back to the CPU; a forced backend that cannot start is an error, not a silent fallback.
// Builds from source are never attempted: the extension ships prebuilt binaries.
import os from "node:os";
import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import type { ComputeBackend, GpuSetting } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { log } from "../log.ts";

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
