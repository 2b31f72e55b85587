// Whether gpt-oss-20b fits this machine, asked before the user downloads 12 GB. The compute
// backend and its memory come from node-llama-cpp (the same runtime the engine loads models
// with); the model's needs from its published shape, since its GGUF is not here yet.
import os from "node:os";
import type { ComputeBackend } from "../../protocol/index.ts";
import { backendOf, llamaRuntime } from "../engine/llama-runtime.ts";

/** gpt-oss-20b MXFP4 GGUF: 12.1 GB of weights; KV cache ~24 KB per token of context (24 layers, 8 KV heads of 64). */
const WEIGHT_BYTES = 12.1e9;
const KV_BYTES_PER_TOKEN = 24 * 1024;
/** Compute buffers and the runtime itself, on top of weights and cache. */
const OVERHEAD = 1.1;

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 10e9 ? 1 : 0)} GB`;

export function neededBytes(contextSize: number): number {
    return Math.round((WEIGHT_BYTES + KV_BYTES_PER_TOKEN * contextSize) * OVERHEAD);
}

/** The one line for the welcome, or null when the model fits (pure, unit-tested). */
export function fitNote(needed: number, backend: ComputeBackend, vramBytes: number, ramBytes: number): string | null {
    if (backend !== "cpu" && vramBytes >= needed) return null;
    if (ramBytes + (backend === "cpu" ? 0 : vramBytes) < needed) {
        return `This machine has ${gb(ramBytes)} of memory${backend === "cpu" ? "" : ` and ${gb(vramBytes)} on its GPU`}; gpt-oss-20b needs about ${gb(needed)}, so it will not load well here: a server is the better choice.`;
    }
    if (backend === "cpu") return `No GPU was found: gpt-oss-20b (about ${gb(needed)}) would run on the CPU, several times slower than on a GPU.`;
    return `The GPU has ${gb(vramBytes)}; gpt-oss-20b needs about ${gb(needed)}, so part of it would run on the CPU, more slowly.`;
}

export async function machineFit(contextSize: number) {
    const llama = await llamaRuntime("auto");
    const backend = backendOf(llama);
    const vramBytes = backend === "cpu" ? 0 : (await llama.getVramState()).total;
    const ramBytes = os.totalmem();
    const needed = neededBytes(contextSize);
    return { note: fitNote(needed, backend, vramBytes, ramBytes), neededBytes: needed, ramBytes, vramBytes, backend };
}
