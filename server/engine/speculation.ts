// Which token predictor each sequence gets, from the engine config: lookup drafting (on by
// default, see lookup-predictor.ts) or, for the chat sequence, a small draft model the user names.
// Also turns a predictor's counters into the acceptance rate the status tooltip shows.
import type { LookupSpeculationConfig, SpeculationConfig } from "../../protocol/index.ts";
import type { LlamaModel } from "node-llama-cpp";
import { LookupPredictor, type LookupTextView } from "./lookup-predictor.ts";

/**
 * Defaults measured with `npm run bench:speculation` (docs/BENCHMARKS.md, "Speculation"): long
 * drafts pay for edit plans and quoted code (a copy runs on for dozens of tokens), and a 3-token
 * match keeps the drafts of text that copies nothing rare. Completions are short: shorter drafts.
 */
export const DEFAULT_SPECULATION: SpeculationConfig = Object.freeze({
    chat: Object.freeze({ enabled: true, draftLength: 16, minMatch: 3 }),
    completions: Object.freeze({ enabled: true, draftLength: 8, minMatch: 3 }),
});

export function speculationOf(config: { speculation?: SpeculationConfig | undefined }): SpeculationConfig {
    return config.speculation ?? DEFAULT_SPECULATION;
}

/**
 * The lookup predictor for a sequence, or undefined when the setting turns it off. `model` gives
 * it the JSON-quoted view of the context (the chat sequence: edit plans and tool calls quote files
 * inside JSON strings); completions go without (they write code, not JSON, and reset every keystroke).
 */
export function lookupPredictorFor(config: Readonly<LookupSpeculationConfig>, model?: LlamaModel): LookupPredictor | undefined {
    if (!config.enabled) return undefined;
    return new LookupPredictor(config, model === undefined ? undefined : textViewOf(model));
}

export function textViewOf(model: LlamaModel): LookupTextView {
    return {
        detokenize: (tokens) => model.detokenize(tokens),
        // Text only: a file that contains "<|end|>" is text, not harmony's token.
        tokenize: (text) => model.tokenize(text, false),
    };
}

/** A sequence's tally of drafted tokens it confirmed and refuted (`sequence.tokenPredictions`). */
export interface DraftCounts {
    validated: number;
    refuted: number;
}

/** Share of drafted tokens confirmed between two tallies; null when nothing was drafted. */
export function acceptanceBetween(before: DraftCounts, after: DraftCounts): number | null {
    const validated = after.validated - before.validated;
    const refuted = after.refuted - before.refuted;
    const drafted = validated + refuted;
    return drafted > 0 ? validated / drafted : null;
}
