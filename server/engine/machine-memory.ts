// This machine's memory as node-llama-cpp sees it, and the load plan for a model file on it
// (load-plan.ts decides; this file only gathers the inputs from the running llama.cpp backend).
import { GgufInsights, readGgufFileInfo, type Llama } from "node-llama-cpp";
import { planLoad, type LoadPlan, type MachineMemory } from "./load-plan.ts";
import { backendOf } from "./llama-runtime.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { log } from "../log.ts";

export async function machineMemoryOf(llama: Llama): Promise<MachineMemory> {
    const backend = backendOf(llama);
    const vram = backend === "cpu" ? { total: 0, free: 0, unifiedSize: 0 } : await llama.getVramState();
    const ram = await llama.getRamState();
    return {
        backend: backend === "remote" ? "cpu" : backend,
        vram: { total: vram.total, free: vram.free, unifiedSize: vram.unifiedSize },
        ram: { total: ram.total, free: ram.free },
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
