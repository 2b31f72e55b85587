// Token counts for VS Code's language-model API. With the embedded model loaded the count is its
// tokenizer's. A remote endpoint serving gpt-oss is counted with gpt-oss's own tokenizer
// (o200k_harmony, exact). Before any model is loaded the count is o200k_harmony's too, flagged as
// an estimate since the model to come is not known yet; only a remote model that is not gpt-oss
// falls back to characters. Loading a 12 GB model only to count tokens would be worse than an
// estimate: callers use counts to budget prompts, not to bill.
import type { CountTokensResult, EngineStatus } from "../protocol/index.ts";
import { isGptOssModelName } from "./engine/remote/gpt-oss-tokens.ts";

/** What counting needs from a loaded model: node-llama-cpp's LlamaModel fits. */
export interface Tokenizer {
    tokenize(text: string, specialTokens?: boolean): readonly unknown[];
}

/**
 * For a remote model that is not gpt-oss, whose tokenizer this process does not have: o200k-style
 * vocabularies average a little over four characters per token on English prose and code;
 * rounding up keeps a budget on the safe side.
 */
const CHARACTERS_PER_TOKEN = 4;

/** How to count when no embedded model is loaded: gpt-oss's tokenizer (o200k_harmony), or characters. */
export type FallbackCounter = (text: string) => number;

/** Which count applies when no embedded model is loaded, from the engine's status. */
export function fallbackKind(status: Pick<EngineStatus, "state" | "backend" | "modelName">): "gpt-oss-exact" | "gpt-oss-estimate" | "characters" {
    if (status.backend === "remote" && status.state !== "not-loaded") return isGptOssModelName(status.modelName) ? "gpt-oss-exact" : "characters";
    return "gpt-oss-estimate";
}

export function countTokens(tokenizer: Tokenizer | null, text: string, fallback?: { kind: ReturnType<typeof fallbackKind>; count: FallbackCounter }): CountTokensResult {
    const exact = tokenizer !== null || fallback?.kind === "gpt-oss-exact";
    if (text === "") return { tokens: 0, exact };
    // specialTokens false: a caller's text that contains "<|start|>" is plain text to the model
    // too (the chat wrapper never lets user text become harmony's control tokens).
    if (tokenizer !== null) return { tokens: tokenizer.tokenize(text, false).length, exact: true };
    if (fallback !== undefined && fallback.kind !== "characters") return { tokens: fallback.count(text), exact };
    return { tokens: Math.ceil(text.length / CHARACTERS_PER_TOKEN), exact: false };
}
