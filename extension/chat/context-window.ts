// Fits a conversation into the model's context window by leaving out the oldest exchanges. The
// estimate is deliberately pessimistic (3 characters a token; o200k averages about 4 on English
// and code) so a trimmed history does not overflow the real window.
import type { ChatMessage } from "../../protocol/index.ts";

const CHARS_PER_TOKEN = 3;
/** Harmony wraps each message in <|start|>role<|channel|>…<|message|>…<|end|>. */
const TOKENS_PER_MESSAGE = 8;
/** The system prompt harmony adds itself (model identity, dates, reasoning level, channels). */
const HARMONY_OVERHEAD = 120;

export function estimateTokens(message: ChatMessage): number {
    return Math.ceil(message.content.length / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE;
}

/** Tokens kept free for the answer: a quarter of the window, at most 4096. */
export function answerReserve(contextSize: number): number {
    return Math.min(4096, Math.floor(contextSize / 4));
}

export interface FittedHistory {
    messages: ChatMessage[];
    /** Earlier exchanges (question + answer pairs) left out. */
    droppedTurns: number;
}

/**
 * Keeps `system` and the new question, and as many of the most recent earlier exchanges as fit.
 * Returns null when even the question alone does not fit: the caller says so instead of sending.
 */
export function fitHistory(system: ChatMessage, earlier: readonly ChatMessage[], question: ChatMessage, contextSize: number): FittedHistory | null {
    const budget = contextSize - answerReserve(contextSize) - HARMONY_OVERHEAD;
    let used = estimateTokens(system) + estimateTokens(question);
    if (used > budget) return null;
    // Earlier messages come in user/assistant pairs; drop whole pairs from the front.
    let start = earlier.length;
    while (start >= 2) {
        const pair = estimateTokens(earlier[start - 2]!) + estimateTokens(earlier[start - 1]!);
        if (used + pair > budget) break;
        used += pair;
        start -= 2;
    }
    return { messages: [system, ...earlier.slice(start), question], droppedTurns: start / 2 };
}
