// Messages for inline completions (ghost text). The extension sends the text around the cursor;
// the server builds the gpt-oss prompt, generates on its own sequence and post-processes.
import { z } from "zod";
import { defineRequest } from "./define.ts";

/** A short piece of another file (recently edited or open) that gives the model context. */
export const CompletionSnippet = z.object({
    path: z.string().max(1024),
    text: z.string().max(8_000),
});
export type CompletionSnippet = z.infer<typeof CompletionSnippet>;

export const CompletionContext = z.object({
    /** Workspace-relative path (or file name) of the document, shown to the model. */
    path: z.string().min(1).max(1024),
    languageId: z.string().min(1).max(100),
    /** Text before the cursor (the extension sends a window, cut at a line start). */
    prefix: z.string().max(64_000),
    /** Text after the cursor (a window). */
    suffix: z.string().max(32_000),
    snippets: z.array(CompletionSnippet).max(8).optional(),
});
export type CompletionContext = z.infer<typeof CompletionContext>;

export const CompletionParams = CompletionContext.extend({
    /** Most lines a suggestion may have (1 keeps it on the cursor's line). */
    maxLines: z.number().int().min(1).max(50).optional(),
    maxTokens: z.number().int().min(1).max(512).optional(),
    sampling: z.object({ temperature: z.number().min(0).max(2).optional(), seed: z.number().int().nonnegative().optional() }).optional(),
});
export type CompletionParams = z.infer<typeof CompletionParams>;

export const CompletionSource = z.enum([
    /** A new generation ran for this request. */
    "generated",
    /** Joined a generation already running for an earlier keystroke whose output the typed text matches. */
    "joined",
    /** Answered from the cache (typing along a suggestion, or coming back to a position). */
    "cache",
]);
export type CompletionSource = z.infer<typeof CompletionSource>;

export const CompletionUsage = z.object({
    promptTokens: z.number().int().nonnegative(),
    /** Prompt tokens evaluated for this request; the rest came from the sequence's KV cache. */
    evaluatedTokens: z.number().int().nonnegative(),
    generatedTokens: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
});
export type CompletionUsage = z.infer<typeof CompletionUsage>;

export const CompletionResult = z.object({
    /** The text to insert at the cursor, post-processed; empty when there is nothing worth showing. */
    text: z.string(),
    source: CompletionSource,
    /** Zero for a cache hit: the engine was not touched. */
    usage: CompletionUsage,
});
export type CompletionResult = z.infer<typeof CompletionResult>;

export const InlineCompletionRequest = defineRequest("gptoss/completion/inline", CompletionParams, CompletionResult);

/** Evaluates the prompt for this context without generating, so the first suggestion in a file is fast. */
export const CompletionWarmRequest = defineRequest("gptoss/completion/warm", CompletionContext, z.object({
    evaluatedTokens: z.number().int().nonnegative(),
}));

export const CompletionStats = z.object({
    requests: z.number().int().nonnegative(),
    cacheHits: z.number().int().nonnegative(),
    joined: z.number().int().nonnegative(),
    cancelled: z.number().int().nonnegative(),
    generationsStarted: z.number().int().nonnegative(),
    /** Generations evaluating right now. */
    generationsRunning: z.number().int().nonnegative(),
    /** Most generations that ever ran at the same time. */
    maxConcurrentGenerations: z.number().int().nonnegative(),
    evaluatedTokens: z.number().int().nonnegative(),
    /** Tokens generated, a cancelled generation's included: shows that a cancel stopped it early. */
    generatedTokens: z.number().int().nonnegative(),
    naivePromptTokens: z.number().int().nonnegative(),
    cacheEntries: z.number().int().nonnegative(),
    rssBytes: z.number().nonnegative(),
    heapUsedBytes: z.number().nonnegative(),
    swaFullCache: z.boolean().nullable(),
});
export type CompletionStats = z.infer<typeof CompletionStats>;

/** Counters for tests, the benchmark and the log; `reset` zeroes them (and empties the cache). */
export const CompletionStatsRequest = defineRequest("gptoss/completion/stats", z.object({ reset: z.boolean().optional() }), CompletionStats);
