// A fill-in-the-middle code model loaded beside gpt-oss for inline completions (the user's
// gptOss.completions.fimModelPath). gpt-oss has no FIM tokens and must be prompted through a
// chat turn; a small code model trained to infill (Qwen2.5-Coder, StarCoder2, CodeGemma) sees the
// code after the cursor the way it was trained to and answers faster. It gets one context with
// one sequence of its own, created at load, so a keystroke only evaluates what changed.
import path from "node:path";
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { EngineError, errorMessage } from "./engine-error.ts";
import { checkModelFile } from "./model-file-check.ts";
import { COMPLETION_CONTEXT_SIZE, completionSwaFullCache } from "./completion-context.ts";
import { infillFamily, type InfillLayout } from "./infill-layout.ts";

/** The model's fill-in-the-middle tokens, read at load; completion/infill-prompt.ts lays them out. */
export interface InfillTokens {
    prefix: Token;
    suffix: Token;
    middle: Token | null;
    /** A beginning-of-text token the model's tokenizer puts before every input, if any. */
    beginning: Token | null;
    /** The order the model's family was trained on (infill-layout.ts), from its GGUF metadata. */
    layout: InfillLayout;
}

export class InfillModel {
    private constructor(
        readonly model: LlamaModel,
        private readonly context: LlamaContext,
        readonly sequence: LlamaContextSequence,
        readonly name: string,
        readonly tokens: InfillTokens,
        /** The family recognised from the GGUF metadata ("other" when none), for logs and tests. */
        readonly family: string,
    ) {}

    /** Loads the file and checks that it has FIM tokens; throws EngineError with a message for the user. */
    static async load(llama: Llama, modelPath: string, threads: number, signal?: AbortSignal): Promise<InfillModel> {
        const facts = await checkModelFile(modelPath, { setting: "gptOss.completions.fimModelPath", architecture: null });
        let model: LlamaModel;
        try {
            model = await llama.loadModel({ modelPath, loadSignal: signal });
        } catch (error) {
            if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
            throw new EngineError("model-invalid", `The fill-in-the-middle model ${path.basename(modelPath)} could not be loaded: ${errorMessage(error)}`, { cause: error });
        }
        try {
            const { prefix, suffix, middle } = model.tokens.infill;
            if (prefix === null || suffix === null) {
                throw new EngineError("model-invalid", `${path.basename(modelPath)} has no fill-in-the-middle tokens; ` +
                    "choose a code model trained for infilling (for example a Qwen2.5-Coder GGUF).");
            }
            const context = await model.createContext({
                contextSize: Math.min(COMPLETION_CONTEXT_SIZE, facts.trainContextSize ?? COMPLETION_CONTEXT_SIZE),
                sequences: 1,
                threads,
                // A code model with sliding-window layers (Gemma) would otherwise drop the KV state
                // a keystroke reuses, as gpt-oss's completion context would.
                swaFullCache: completionSwaFullCache(),
                failedCreationRemedy: { retries: 4, autoContextSizeShrink: 0.5 },
                createSignal: signal,
            });
            const beginning = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
            const basename = model.fileInfo.metadata?.general?.basename;
            const { family, layout } = infillFamily({ name: facts.name, basename: typeof basename === "string" ? basename : null, architecture: facts.architecture }, middle !== null);
            return new InfillModel(model, context, context.getSequence(), facts.name, { prefix, suffix, middle, beginning, layout }, family);
        } catch (error) {
            await model.dispose();
            if (signal?.aborted) throw new EngineError("cancelled", "Loading was cancelled.");
            if (error instanceof EngineError) throw error;
            throw new EngineError("out-of-memory", `Not enough memory for the fill-in-the-middle model's context (${errorMessage(error)}).`, { cause: error });
        }
    }

    async dispose(): Promise<void> {
        await this.context.dispose();
        await this.model.dispose();
    }
}
