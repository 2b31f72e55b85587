// What both completion services (embedded and remote) share besides the cache: the defaults for
// a request's optional limits and the counters behind gptoss/completion/stats.
import type { CompletionCache, CompletionStats } from "../../protocol/index.ts";

/** Lines in a suggestion when the request does not say (the extension's default setting too). */
export const DEFAULT_MAX_LINES = 8;
/** Tokens one suggestion may generate when the request does not say. */
export const DEFAULT_MAX_TOKENS = 128;

export type CompletionCounters = Omit<CompletionStats, "cacheEntries" | "rssBytes" | "heapUsedBytes" | "swaFullCache">;

/** Fresh counters; `generationsRunning` carries over a reset, since those generations still run. */
export function zeroCounters(generationsRunning = 0): CompletionCounters {
    return { requests: 0, cacheHits: 0, joined: 0, cancelled: 0, generationsStarted: 0, maxConcurrentGenerations: 0, evaluatedTokens: 0, generatedTokens: 0, naivePromptTokens: 0, generationsRunning };
}

export function statsOf(counters: CompletionCounters, cache: CompletionCache, swaFullCache: boolean | null): CompletionStats {
    const memory = process.memoryUsage();
    return { ...counters, cacheEntries: cache.size, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, swaFullCache };
}
