// The prompt of a fill-in-the-middle code model: the code before the cursor and the code after
// it between the model's own FIM tokens, in the order its family was trained on (see
// engine/infill-layout.ts): prefix first (PSM), or suffix first where the family supports it
// (Code Llama's SPM, Codestral's suffix-then-prefix). The model then writes what goes between.
//
// Suffix first is also cheaper while typing: the KV cache keeps the longest unchanged start of
// the prompt, and the only part that changes per keystroke is the end of the prefix. In PSM the
// suffix and the middle token come after it, so every keystroke re-evaluates the whole suffix; in
// a suffix-first layout the prefix's end is the prompt's end and only the typed tokens are new.
//
// The prefix and suffix come in the same windows as gpt-oss's prompt (the prefix starting on a
// line that stays put while the user types), so the completion sequence reuses its KV cache up to
// the cursor. When they still do not fit the budget, the code nearest the cursor wins: the prefix
// keeps its end, the suffix its start, and the suffix gets at most a quarter of the room unless
// the prefix leaves more. The prefix's head is dropped in steps of an eighth of the room, so a
// few more typed tokens do not move the prompt's start (which would void the whole cache).
import type { Token } from "node-llama-cpp";
import type { InfillTokens } from "../engine/infill-model.ts";

const SUFFIX_SHARE = 0.25;

export function infillPrompt(tokens: InfillTokens, prefix: readonly Token[], suffix: readonly Token[], budget: number): Token[] {
    const special = 2 + (tokens.middle !== null && tokens.layout !== "suffix-then-prefix" ? 1 : 0) + (tokens.beginning === null ? 0 : 1);
    const room = budget - special;
    if (room <= 0) throw new Error(`an infill prompt needs more than ${special} tokens (budget ${budget})`);
    let suffixKept = Math.min(suffix.length, Math.floor(room * SUFFIX_SHARE));
    const step = Math.max(1, Math.floor(room / 8));
    const dropped = Math.min(prefix.length, Math.ceil((prefix.length - Math.min(prefix.length, room - suffixKept)) / step) * step);
    const prefixKept = prefix.length - dropped;
    // Prefix first, the suffix may take what a short prefix leaves. Suffix first, it keeps its
    // quarter: the suffix opens the prompt, and a share that moved with the typed prefix would
    // change the prompt's start and void the cache this layout is for.
    const middle = tokens.layout === "suffix-then-prefix" ? null : tokens.middle;
    const suffixFirst = middle === null || tokens.layout === "suffix-prefix-middle";
    if (!suffixFirst) suffixKept = Math.min(suffix.length, room - prefixKept);
    const before = prefix.slice(prefix.length - prefixKept);
    const after = suffix.slice(0, suffixKept);

    const prompt: Token[] = tokens.beginning === null ? [] : [tokens.beginning];
    if (middle === null) prompt.push(tokens.suffix, ...after, tokens.prefix, ...before);
    else if (tokens.layout === "suffix-prefix-middle") prompt.push(tokens.prefix, tokens.suffix, ...after, middle, ...before);
    else prompt.push(tokens.prefix, ...before, tokens.suffix, ...after, middle);
    return prompt;
}
