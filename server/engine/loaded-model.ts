// A model in memory with everything that lives and dies with it: the context, its sequences,
// and one LlamaChat per reasoning effort (the effort is part of harmony's system message, so
// each effort has its own wrapper; all share the chat sequence and its KV cache).
import {
    HarmonyChatWrapper, LlamaChat, resolveChatWrapper, type ChatWrapper, type Llama, type LlamaContext,
    type LlamaContextSequence, type LlamaModel, type LlamaTextJSON,
} from "node-llama-cpp";
import type { EngineConfig, ReasoningEffort, SpeculationConfig } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { SerialQueue } from "./serial-queue.ts";
import { BoundedMap } from "./bounded-map.ts";
import { chooseCompletionThreads, chooseThreads, backendOf } from "./llama-runtime.ts";
import type { ModelFileFacts } from "./model-file-check.ts";
import type { LoadPlan } from "./load-plan.ts";
import { planForThisMachine } from "./machine-memory.ts";
import { ToolTextHarmonyWrapper } from "./harmony-wrapper.ts";
import { InfillModel } from "./infill-model.ts";
import { COMPLETION_CONTEXT_SIZE, completionSwaFullCache } from "./completion-context.ts";
import { log } from "../log.ts";
import { contextCreationError } from "./context-error.ts";
import { GenerationPriority } from "./generation-priority.ts";
import { gateDecodes } from "./paused-decodes.ts";
import { lookupPredictorFor, speculationOf } from "./speculation.ts";
import { loadDraftBeside, type DraftModel } from "./draft-model.ts";

const MIN_CONTEXT = 512;

export interface LoadProgress { (fraction: number): void }

export class LoadedModel {
    readonly chatQueue = new SerialQueue();
    /**
     * Each tool call exactly as the model wrote it, by call id. node-llama-cpp otherwise re-renders
     * a call from its parsed arguments, with spaces the model did not write: the prompt then shows
     * the model a call it never made, and the KV cache no longer matches from the call on.
     */
    readonly rawToolCalls = new BoundedMap<string, LlamaTextJSON>(256);
    /** One job at a time on the completion sequence (a sequence holds one KV state). */
    readonly completionQueue = new SerialQueue();
    private completion: Promise<LlamaContextSequence> | null = null;
    /** Chat and agent generations pause between tokens while an inline completion is computed. */
    readonly priority = new GenerationPriority();
    private readonly chats = new Map<ReasoningEffort, LlamaChat>();
    private disposed = false;

    private constructor(
        readonly llama: Llama,
        readonly model: LlamaModel,
        readonly context: LlamaContext,
        readonly chatSequence: LlamaContextSequence,
        readonly facts: ModelFileFacts,
        readonly notices: readonly string[],
        /** Harmony's prompt carries today's date; pinned at load so the prompt prefix (and its KV cache) stays the same. */
        private readonly todayDate: Date,
        /** The fill-in-the-middle model inline completions use instead of gpt-oss, when one is set and loaded. */
        readonly infill: InfillModel | null,
        /** How the model was placed (GPU layers, context) and why; null when node-llama-cpp chose alone. */
        readonly plan: LoadPlan | null,
        /** Speculative decoding as configured (each sequence gets its own predictor). */
        readonly speculation: SpeculationConfig,
        /** The draft model that drafts chat tokens instead of lookup, when one is set and usable. */
        readonly draft: DraftModel | null,
        /** Threads of the completion context: all math cores on the CPU, since the chat pauses meanwhile. */
        private readonly completionThreads: number,
    ) {
        gateDecodes(context, this.priority);
    }

    static async load(llama: Llama, config: EngineConfig, facts: ModelFileFacts, onProgress: LoadProgress, signal?: AbortSignal): Promise<LoadedModel> {
        const notices: string[] = [];
        const backend = backendOf(llama);
        const plan = await planForThisMachine(llama, config.modelPath, config.contextSize, facts.name);
        const model = await loadWithFallback(llama, config, backend, notices, onProgress, signal, plan);
        try {
            const threads = chooseThreads(config.threads, backend);
            const completionThreads = chooseCompletionThreads(config.threads, backend, llama.cpuMathCores);
            const wanted = Math.min(plan?.contextSize ?? config.contextSize, facts.trainContextSize ?? config.contextSize);
            const context = await model.createContext({
                contextSize: { min: Math.min(MIN_CONTEXT, wanted), max: wanted },
                sequences: 1,
                threads,
                ...(plan !== null && { flashAttention: plan.flashAttention, swaFullCache: plan.swaFullCache }),
                failedCreationRemedy: { retries: 6, autoContextSizeShrink: 0.5 },
                createSignal: signal,
            });
            if (context.contextSize < config.contextSize) {
                notices.push(`Context reduced to ${context.contextSize} tokens (asked for ${config.contextSize}) to fit in memory.`);
            }
            const today = new Date();
            today.setUTCHours(0, 0, 0, 0);
            const infill = await loadInfillBeside(llama, config, completionThreads, notices, signal).catch(async (error: unknown) => {
                await context.dispose();
                throw error;
            });
            const used = plan !== null && model.gpuLayers === plan.gpuLayers && context.contextSize === plan.contextSize ? plan : null;
            const speculation = speculationOf(config);
            const draft = await loadDraftBeside(llama, model, speculation, context.contextSize, threads, notices, signal).catch(async (error: unknown) => {
                await infill?.dispose();
                await context.dispose();
                throw error;
            });
            const chatSequence = context.getSequence({ tokenPredictor: draft?.predictor ?? lookupPredictorFor(speculation.chat, model) });
            return new LoadedModel(llama, model, context, chatSequence, facts, notices, today, infill, used, speculation, draft, completionThreads);
        } catch (error) {
            await model.dispose();
            if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
            throw contextCreationError(error);
        }
    }

    get threads(): number {
        return this.context.currentThreads;
    }

    chatFor(effort: ReasoningEffort): LlamaChat {
        if (this.disposed) throw new EngineError("not-loaded", "The model was unloaded.");
        let chat = this.chats.get(effort);
        if (chat === undefined) {
            chat = new LlamaChat({ contextSequence: this.chatSequence, chatWrapper: this.wrapperFor(effort), autoDisposeSequence: false });
            this.chats.set(effort, chat);
        }
        return chat;
    }

    /** The completion sequence, created on first use (most sessions that never complete pay nothing). */
    completionSequence(): Promise<LlamaContextSequence> {
        if (this.disposed) throw new EngineError("not-loaded", "The model was unloaded.");
        this.completion ??= this.model.createContext({
            contextSize: Math.min(COMPLETION_CONTEXT_SIZE, this.facts.trainContextSize ?? COMPLETION_CONTEXT_SIZE),
            sequences: 1,
            threads: this.completionThreads,
            swaFullCache: completionSwaFullCache(),
            failedCreationRemedy: { retries: 4, autoContextSizeShrink: 0.5 },
        }).then((context) => context.getSequence({ tokenPredictor: lookupPredictorFor(this.speculation.completions) }));
        this.completion.catch(() => { this.completion = null; });
        return this.completion;
    }

    get completionDate(): Date {
        return this.todayDate;
    }

    private wrapperFor(effort: ReasoningEffort): ChatWrapper {
        const resolved = resolveChatWrapper(this.model);
        if (resolved instanceof HarmonyChatWrapper) {
            return new ToolTextHarmonyWrapper({ todayDate: this.todayDate, reasoningEffort: effort, keepOnlyLastThought: true });
        }
        log.warn(`model's chat template is not harmony (${resolved?.wrapperName ?? "none"}); using it as is`);
        return resolved ?? new ToolTextHarmonyWrapper({ todayDate: this.todayDate, reasoningEffort: effort });
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        this.priority.close();
        for (const chat of this.chats.values()) chat.dispose({ disposeSequence: false });
        this.chats.clear();
        const completion = await this.completion?.catch(() => null);
        await completion?.context.dispose();
        await this.infill?.dispose();
        await this.context.dispose();
        await this.draft?.dispose();
        await this.model.dispose();
    }
}

/**
 * The fill-in-the-middle model the config names, or null. Only cancelling fails the load: a FIM
 * model that cannot be used leaves gpt-oss ready, completions on gpt-oss, and a notice saying why.
 */
async function loadInfillBeside(llama: Llama, config: EngineConfig, threads: number, notices: string[], signal?: AbortSignal): Promise<InfillModel | null> {
    if (config.completionModelPath === undefined) return null;
    try {
        const infill = await InfillModel.load(llama, config.completionModelPath, threads, signal);
        log.info(`inline completions use ${infill.name} (fill-in-the-middle, ${config.completionModelPath})`);
        return infill;
    } catch (error) {
        if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
        const message = errorMessage(error);
        log.warn(`fill-in-the-middle model not used: ${message}`);
        notices.push(`Inline completions use gpt-oss: ${message}`);
        return null;
    }
}

/**
 * Loads with the plan's GPU layers (or as many as fit, without a plan); if that runs out of
 * memory, tries again on the CPU alone.
 */
async function loadWithFallback(
    llama: Llama, config: EngineConfig, backend: string, notices: string[], onProgress: LoadProgress, signal: AbortSignal | undefined,
    plan: LoadPlan | null,
): Promise<LlamaModel> {
    const first = plan?.gpuLayers ?? "auto";
    const attempts: Array<"auto" | number> = backend === "cpu" ? [0] : first === 0 ? [0] : [first, 0];
    let lastError: unknown;
    for (const gpuLayers of attempts) {
        try {
            return await llama.loadModel({
                modelPath: config.modelPath, gpuLayers, onLoadProgress: onProgress, loadSignal: signal,
                ...(plan !== null && { defaultContextFlashAttention: plan.flashAttention }),
            });
        } catch (error) {
            if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
            lastError = error;
            log.warn(`loading with gpuLayers=${gpuLayers} failed: ${errorMessage(error)}`);
            if (gpuLayers !== 0) notices.push(`The model did not fit in GPU memory; running on the CPU (${errorMessage(error)}).`);
        }
    }
    const message = errorMessage(lastError);
    const code = /memory|alloc|VRAM|RAM/i.test(message) ? "out-of-memory" : "model-invalid";
    throw new EngineError(code, code === "out-of-memory"
        ? `Not enough memory to load the model (${message}).`
        : `The model could not be loaded: ${message}`, { cause: lastError });
}
