// The optional draft model: a small GGUF with gpt-oss's vocabulary whose own guesses draft the
// chat sequence's next tokens (node-llama-cpp's DraftSequenceTokenPredictor), instead of lookup
// drafting. gpt-oss checks every draft in one batch, so the output is unchanged; it only pays when
// the draft model is many times faster than gpt-oss and guesses well (see the README).
import { DraftSequenceTokenPredictor, type Llama, type LlamaModel } from "node-llama-cpp";
import type { LookupSpeculationConfig, SpeculationConfig } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { log } from "../log.ts";

const MIN_DRAFT_TOKENS = 4;

export interface DraftModel {
    predictor: DraftSequenceTokenPredictor;
    name: string;
    dispose(): Promise<void>;
}

function vocabularyOf(model: LlamaModel): readonly string[] | null {
    const tokens = (model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: unknown } } }).tokenizer?.ggml?.tokens;
    return Array.isArray(tokens) ? tokens as string[] : null;
}

/**
 * Why the draft model's vocabulary is not the main model's, or null when they are the same:
 * a token id must mean the same text to both, or every draft is nonsense to gpt-oss.
 */
export function vocabularyMismatch(main: LlamaModel, draft: LlamaModel): string | null {
    const mainTokens = vocabularyOf(main);
    const draftTokens = vocabularyOf(draft);
    if (mainTokens === null || draftTokens === null) return "the file does not list its vocabulary";
    if (mainTokens.length !== draftTokens.length) return `it has ${draftTokens.length} tokens, gpt-oss has ${mainTokens.length}`;
    const differs = mainTokens.findIndex((token, index) => token !== draftTokens[index]);
    if (differs >= 0) return `token ${differs} is ${JSON.stringify(draftTokens[differs])} there and ${JSON.stringify(mainTokens[differs])} in gpt-oss`;
    return null;
}

/** Loads the draft model beside `main`; throws an EngineError naming the file and the reason when it cannot serve. */
export async function loadDraftModel(
    llama: Llama, main: LlamaModel, path: string, contextSize: number, threads: number, config: Readonly<LookupSpeculationConfig>, signal?: AbortSignal,
): Promise<DraftModel> {
    let model: LlamaModel;
    try {
        model = await llama.loadModel({ modelPath: path, gpuLayers: "auto", loadSignal: signal });
    } catch (error) {
        throw new EngineError("model-invalid", `The draft model ${path} could not be loaded: ${errorMessage(error)}`, { cause: error });
    }
    try {
        const mismatch = vocabularyMismatch(main, model);
        if (mismatch !== null) throw new EngineError("model-invalid", `The draft model ${path} does not share gpt-oss's vocabulary (${mismatch}); it cannot draft for gpt-oss.`);
        // The draft sequence mirrors the chat sequence's tokens, so it needs the same room.
        const context = await model.createContext({ contextSize, sequences: 1, threads, createSignal: signal });
        // gpt-oss waits for the first few drafted tokens instead of going on without a draft when
        // the draft model is behind (node-llama-cpp's default): drafting is the draft model's job,
        // and a draft that is never waited for is never used on a busy machine.
        const predictor = new DraftSequenceTokenPredictor(context.getSequence(), { minTokens: Math.min(MIN_DRAFT_TOKENS, config.draftLength), maxTokens: config.draftLength });
        return {
            predictor,
            name: model.fileInfo.metadata.general?.name ?? path,
            async dispose() {
                await context.dispose();
                await model.dispose();
            },
        };
    } catch (error) {
        await model.dispose();
        if (error instanceof EngineError) throw error;
        throw new EngineError("model-invalid", `The draft model ${path} could not be used: ${errorMessage(error)}`, { cause: error });
    }
}

/**
 * The draft model the config names, or null. Like the fill-in-the-middle model, only cancelling
 * fails the load: a draft model that cannot serve leaves gpt-oss ready with lookup drafting, and
 * a notice that says why.
 */
export async function loadDraftBeside(
    llama: Llama, main: LlamaModel, speculation: SpeculationConfig, contextSize: number, threads: number, notices: string[], signal?: AbortSignal,
): Promise<DraftModel | null> {
    if (speculation.draftModelPath === undefined || !speculation.chat.enabled) return null;
    try {
        const draft = await loadDraftModel(llama, main, speculation.draftModelPath, contextSize, threads, speculation.chat, signal);
        log.info(`chat speculation drafts with ${draft.name} (${speculation.draftModelPath})`);
        return draft;
    } catch (error) {
        if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
        const message = errorMessage(error);
        log.warn(`draft model not used: ${message}`);
        notices.push(`Speculation uses lookup drafts: ${message}`);
        return null;
    }
}
