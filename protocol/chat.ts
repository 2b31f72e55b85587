// Messages for generation: a streaming chat turn and a structured (JSON-schema) call.
import { z } from "zod";
import { defineNotification, defineRequest } from "./define.ts";
import { ReasoningEffort } from "./model.ts";

/**
 * One message of a conversation in harmony terms. `system` text becomes the developer message
 * (gpt-oss takes instructions there); an assistant message may carry its reasoning, which the
 * caller keeps only while a turn is still calling tools (gpt-oss needs it then, not after).
 */
export const ChatMessage = z.discriminatedUnion("role", [
    z.object({ role: z.literal("system"), content: z.string() }),
    z.object({ role: z.literal("user"), content: z.string() }),
    z.object({ role: z.literal("assistant"), content: z.string(), reasoning: z.string().optional() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Sampling knobs a request may override; the server's defaults are OpenAI's (temperature 1, top_p 1). */
export const SamplingOverrides = z.object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().nonnegative().optional(),
});

export const GenerationUsage = z.object({
    /** Tokens in the prompt as sent to the model. */
    promptTokens: z.number().int().nonnegative(),
    /** Prompt tokens actually evaluated (the rest came from the KV cache). */
    evaluatedTokens: z.number().int().nonnegative(),
    generatedTokens: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
});
export type GenerationUsage = z.infer<typeof GenerationUsage>;

export const StopReason = z.enum(["end", "max-tokens", "cancelled"]);
export type StopReason = z.infer<typeof StopReason>;

export const ChatTurnParams = z.object({
    /** Chooses the stream the chunks of this turn are sent on. */
    streamId: z.string().min(1),
    messages: z.array(ChatMessage).min(1),
    reasoningEffort: ReasoningEffort,
    maxTokens: z.number().int().positive().max(131072).optional(),
    sampling: SamplingOverrides.optional(),
});
export type ChatTurnParams = z.infer<typeof ChatTurnParams>;

export const ChatTurnResult = z.object({
    text: z.string(),
    reasoning: z.string(),
    stopReason: StopReason,
    usage: GenerationUsage,
});
export type ChatTurnResult = z.infer<typeof ChatTurnResult>;

export const ChatTurnRequest = defineRequest("gptoss/chatTurn", ChatTurnParams, ChatTurnResult);

/** server → client while a chat turn runs: reasoning (analysis) and answer (final) stream apart. */
export const ChatChunkNotification = defineNotification("gptoss/chatChunk", z.object({
    streamId: z.string(),
    channel: z.enum(["analysis", "final"]),
    text: z.string(),
}));

export const StructuredParams = z.object({
    messages: z.array(ChatMessage).min(1),
    /** JSON schema (from a zod schema via z.toJSONSchema) enforced as a grammar while generating. */
    jsonSchema: z.record(z.string(), z.unknown()),
    reasoningEffort: ReasoningEffort,
    maxTokens: z.number().int().positive().max(131072).optional(),
    sampling: SamplingOverrides.optional(),
});
export type StructuredParams = z.infer<typeof StructuredParams>;

export const StructuredResult = z.object({
    /** The parsed JSON value; callers validate it with the zod schema they sent. */
    value: z.unknown(),
    text: z.string(),
    usage: GenerationUsage,
});
export type StructuredResult = z.infer<typeof StructuredResult>;

export const StructuredRequest = defineRequest("gptoss/structured", StructuredParams, StructuredResult);
