// This machine's memory as node-llama-cpp sees it, and the load plan for a model file on it
// (load-plan.ts decides; this file only gathers the inputs from the running llama.cpp backend).
import os from "node:os";
import { GgufInsights, readGgufFileInfo, type Llama } from "node-llama-cpp";
import { planLoad, type LoadPlan, type MachineMemory } from "./load-plan.ts";
import { backendOf } from "./llama-runtime.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { log } from "../log.ts";

export interface RamReading { total: number; free: number; wired?: number }

/**
 * RAM a model may take. node-llama-cpp's `free` is the kernel's free pages (MemFree on Linux),
 * which leaves out the page cache: right after a 12 GB download, that cache holds the model file
 * and MemFree looks 12 GB short. Node's os.freemem() is MemAvailable there, which counts the
 * cache the kernel can drop, so the larger of the two is used. macOS keeps almost no page free
 * and compresses or evicts instead; there node-llama-cpp's own resolver counts everything but
 * wired memory as free, and so does this.
 */
export function availableRam(reading: RamReading, osFree: number, platform: NodeJS.Platform): number {
    if (platform === "darwin") return Math.max(reading.free, reading.total - (reading.wired ?? 0));
    return Math.min(reading.total, Math.max(reading.free, osFree));
}

export async function machineMemoryOf(llama: Llama): Promise<MachineMemory> {
    const backend = backendOf(llama);
    const vram = backend === "cpu" ? { total: 0, free: 0, unifiedSize: 0 } : await llama.getVramState();
    const ram = await llama.getRamState();
    return {
        backend: backend === "remote" ? "cpu" : backend,
        vram: { total: vram.total, free: vram.free, unifiedSize: vram.unifiedSize },
        ram: { total: ram.total, free: availableRam(ram, os.freemem(), process.platform) },
        vramPadding: llama.vramPaddingSize,
    };
}

/**
 * The plan for loading `modelPath` here. Throws the plan's "does not fit" EngineError; returns
 * null when the plan itself cannot be made (an unreadable header, an estimator error), and the
 * load then goes ahead with node-llama-cpp's own choice, as before plans existed.
 */
export async function planForThisMachine(llama: Llama, modelPath: string, contextSize: number, modelName: string): Promise<LoadPlan | null> {
    try {
        const insights = await GgufInsights.from(await readGgufFileInfo(modelPath), llama);
        const plan = await planLoad(insights, await machineMemoryOf(llama), contextSize, modelName);
        log.info(`load plan: ${plan.summary} (GPU ${Math.round(plan.vramBytes / 2 ** 20)} MiB, RAM ${Math.round(plan.ramBytes / 2 ** 20)} MiB, flash attention ${plan.flashAttention ? "on" : "off"})`);
        return plan;
    } catch (error) {
        if (error instanceof EngineError) throw error;
        log.warn(`no load plan (${errorMessage(error)}); node-llama-cpp chooses the GPU layers and context`);
        return null;
    }
}
