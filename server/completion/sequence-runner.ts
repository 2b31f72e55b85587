// Runs one completion prompt on the dedicated completion sequence: keeps the KV state of the
// longest common prefix with what the sequence already holds (the previous keystroke's prompt),
// evaluates only the rest, then samples token by token until a stop rule, a harmony special token
// (end of the final message, or anything that would start another channel), the token budget or
// an abort.
import { LlamaText, SpecialTokensText, type LlamaContextSequence, type LlamaModel, type Token } from "node-llama-cpp";
import type { PromptPart } from "./prompt.ts";

export interface RunOptions {
    maxTokens: number;
    temperature: number;
    seed?: number;
    signal: AbortSignal;
    /** Called with the whole text so far after every token; true stops generating. */
    onText(text: string): boolean;
}

export interface RunOutcome {
    text: string;
    promptTokens: number;
    evaluatedTokens: number;
    generatedTokens: number;
}

export function tokenizePrompt(model: LlamaModel, parts: readonly PromptPart[]): Token[] {
    const text = LlamaText(parts.map((part) => ("special" in part ? new SpecialTokensText(part.special) : part.text)));
    return text.tokenize(model.tokenizer);
}

/** Aligns the sequence with `tokens` (all but the last, which must be decoded to sample). */
async function alignState(sequence: LlamaContextSequence, tokens: Token[]): Promise<Token[]> {
    await sequence.adaptStateToTokens(tokens.slice(0, -1), false);
    return tokens.slice(sequence.nextTokenIndex);
}

export async function runCompletion(sequence: LlamaContextSequence, prompt: Token[], options: RunOptions): Promise<RunOutcome> {
    const model = sequence.model;
    const input = await alignState(sequence, prompt);
    const generated: Token[] = [];
    let text = "";
    if (!options.signal.aborted) {
        const iterator = sequence.evaluate(input, {
            temperature: options.temperature, topP: 1, topK: 0, minP: 0, seed: options.seed,
        });
        for await (const token of iterator) {
            // Special tokens (<|return|>, <|end|>, <|channel|>, …) end the final message; nothing after one is ghost text.
            if (model.isSpecialToken(token) || model.isEogToken(token)) break;
            generated.push(token);
            text = model.detokenize(generated);
            if (options.onText(text) || generated.length >= options.maxTokens || options.signal.aborted) break;
        }
    }
    return { text, promptTokens: prompt.length, evaluatedTokens: input.length, generatedTokens: generated.length };
}

/** Evaluates the prompt (but its last token) without generating: the next request reuses it. */
export async function warmSequence(sequence: LlamaContextSequence, prompt: Token[]): Promise<number> {
    const input = await alignState(sequence, prompt);
    const toEvaluate = input.slice(0, -1);
    if (toEvaluate.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(toEvaluate);
    return toEvaluate.length;
}
