// The prompt of a fill-in-the-middle code model: the code before the cursor and the code after
// it between the model's own FIM tokens, in the order llama.cpp's infill uses: prefix, suffix,
// middle ("PSM") when the model has a middle token, else suffix then prefix ("SPM"). The model
// then writes what goes between.
//
// When the two do not fit the budget, the code nearest the cursor wins: the prefix keeps its end,
// the suffix its start, and the suffix gets at most a quarter of the room unless the prefix leaves
// more. The extension starts the prefix on a fixed line grid, so while the user types the head of
// the prompt stays the same and the completion sequence reuses its KV cache up to the cursor.
import type { Token } from "node-llama-cpp";

export interface InfillTokens {
    prefix: Token;
    suffix: Token;
    middle: Token | null;
    /** A beginning-of-text token the model's tokenizer puts before every input, if any. */
    beginning: Token | null;
}

const SUFFIX_SHARE = 0.25;

export function infillPrompt(tokens: InfillTokens, prefix: readonly Token[], suffix: readonly Token[], budget: number): Token[] {
    const special = 2 + (tokens.middle === null ? 0 : 1) + (tokens.beginning === null ? 0 : 1);
    const room = budget - special;
    if (room <= 0) throw new Error(`an infill prompt needs more than ${special} tokens (budget ${budget})`);
    let suffixKept = Math.min(suffix.length, Math.floor(room * SUFFIX_SHARE));
    const prefixKept = Math.min(prefix.length, room - suffixKept);
    suffixKept = Math.min(suffix.length, room - prefixKept);
    const before = prefix.slice(prefix.length - prefixKept);
    const after = suffix.slice(0, suffixKept);

    const prompt: Token[] = tokens.beginning === null ? [] : [tokens.beginning];
    if (tokens.middle !== null) prompt.push(tokens.prefix, ...before, tokens.suffix, ...after, tokens.middle);
    else prompt.push(tokens.suffix, ...after, tokens.prefix, ...before);
    return prompt;
}
