// Token counts for VS Code's language-model API. With the embedded model loaded the count is its
// tokenizer's; otherwise (nothing loaded yet, or a remote endpoint, whose tokenizer this process
// does not have) it is an estimate, and the result says so. Loading a 12 GB model only to count
// tokens would be worse than an estimate: callers use counts to budget prompts, not to bill.
import type { CountTokensResult } from "../protocol/index.ts";

/** What counting needs from a loaded model: node-llama-cpp's LlamaModel fits. */
export interface Tokenizer {
    tokenize(text: string, specialTokens?: boolean): readonly unknown[];
}

/**
 * o200k-style vocabularies (gpt-oss's) average a little over four characters per token on
 * English prose and code; rounding up keeps a budget on the safe side.
 */
const CHARACTERS_PER_TOKEN = 4;

export function countTokens(tokenizer: Tokenizer | null, text: string): CountTokensResult {
    if (text === "") return { tokens: 0, exact: tokenizer !== null };
    // specialTokens false: a caller's text that contains "<|start|>" is plain text to the model
    // too (the chat wrapper never lets user text become harmony's control tokens).
    if (tokenizer !== null) return { tokens: tokenizer.tokenize(text, false).length, exact: true };
    return { tokens: Math.ceil(text.length / CHARACTERS_PER_TOKEN), exact: false };
}
