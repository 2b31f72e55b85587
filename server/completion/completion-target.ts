// What an inline completion runs on: gpt-oss itself (its harmony prompt, prefilled on the final
// channel, on the completion sequence of its own context) or the fill-in-the-middle code model
// loaded beside it. Either way one sequence keeps the previous keystroke's KV state.
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import type { CompletionContext } from "../../protocol/index.ts";
import type { LoadedModel } from "../engine/loaded-model.ts";
import { infillPrompt } from "./infill-prompt.ts";
import { buildPrompt, prefixWindow, suffixWindow } from "./prompt.ts";
import { tokenizePrompt } from "./sequence-runner.ts";

export interface CompletionTarget {
    sequence(): Promise<LlamaContextSequence>;
    /** The prompt's tokens; `budget` is the most it may take (the FIM prompt is cut to fit it). */
    prompt(context: CompletionContext, budget: number): Token[];
}

export function completionTarget(loaded: LoadedModel): CompletionTarget {
    const infill = loaded.infill;
    if (infill !== null) {
        return {
            sequence: async () => infill.sequence,
            // The same windows as gpt-oss's prompt: the prefix starts on a stable line, the suffix is
            // at most 40 lines. Code is tokenized as text: a "<|fim_suffix|>" in the file stays text.
            prompt: (context, budget) => infillPrompt(
                infill.tokens, infill.model.tokenize(prefixWindow(context.prefix), false), infill.model.tokenize(suffixWindow(context.suffix), false), budget,
            ),
        };
    }
    return {
        sequence: () => loaded.completionSequence(),
        prompt: (context) => tokenizePrompt(loaded.model, buildPrompt({ ...context, snippets: context.snippets ?? [], date: loaded.completionDate })),
    };
}
