// Answers inline-completion requests. At most one generation runs at a time, on the completion
// sequence; a keystroke's request either
//  - is answered from the cache (the engine is not touched),
//  - joins the generation already running when what was typed since it started is what it is
//    producing (no restart), or
//  - replaces it: the running one is aborted at once and a request still waiting is dropped, so
//    a burst of keystrokes leaves one generation running.
// A generation nobody waits for any more (its request was cancelled) is kept for a short grace
// period, because the next keystroke's request usually arrives right after the cancellation and
// may want to join it; anything else arriving aborts it immediately.
import { CompletionCache, completionCacheKey, type CompletionContext, type CompletionParams, type CompletionResult, type CompletionStats } from "../../protocol/index.ts";
import { EngineError } from "../engine/engine-error.ts";
import { completionSwaFullCache } from "../engine/completion-context.ts";
import type { LoadedModel } from "../engine/loaded-model.ts";
import { log } from "../log.ts";
import { DEFAULT_MAX_LINES, DEFAULT_MAX_TOKENS, statsOf, zeroCounters, type CompletionCounters } from "./completion-counters.ts";
import { effectiveMaxLines, postProcess, shouldStop, type CursorContext } from "./post-process.ts";
import { completionTarget } from "./completion-target.ts";
import { runCompletion, warmSequence } from "./sequence-runner.ts";

const ORPHAN_GRACE_MS = 25;

interface Generation {
    key: string;
    prefix: string;
    /** Raw text generated so far. */
    text: string;
    abort: AbortController;
    waiting: number;
    graceTimer: NodeJS.Timeout | null;
    done: Promise<{ text: string; usage: CompletionResult["usage"] }>;
}

function cancelled(): EngineError {
    return new EngineError("cancelled", "The completion was cancelled.");
}

export class CompletionService {
    private readonly cache = new CompletionCache();
    private running: Generation | null = null;
    /** The request waiting for the running generation to stop; a newer one replaces it. */
    private waiter: AbortController | null = null;
    private counters: CompletionCounters = zeroCounters();
    private cacheModel: LoadedModel | null = null;

    constructor(private readonly model: () => LoadedModel | null) {}

    stats(reset = false): CompletionStats {
        const result = statsOf(this.counters, this.cache, this.model() === null ? null : completionSwaFullCache());
        if (reset) {
            this.counters = zeroCounters(this.counters.generationsRunning);
            this.cache.clear();
        }
        return result;
    }

    async complete(params: CompletionParams, signal: AbortSignal): Promise<CompletionResult> {
        this.counters.requests += 1;
        try {
            const result = await this.completeNow(params, signal);
            // One line per answered request (debug): the e2e test counts them to prove that typing
            // along a shown suggestion sends none.
            log.debug(`completion request answered (${result.source}, ${result.text.length} chars)`);
            return result;
        } catch (error) {
            if (error instanceof EngineError && error.code === "cancelled") this.counters.cancelled += 1;
            throw error;
        }
    }

    private async completeNow(params: CompletionParams, signal: AbortSignal): Promise<CompletionResult> {
        const loaded = this.model();
        if (loaded === null) throw new EngineError("not-loaded", "No model is loaded.");
        // Suggestions belong to the model that made them.
        if (loaded !== this.cacheModel) {
            this.cache.clear();
            this.cacheModel = loaded;
        }
        const maxLines = params.maxLines ?? DEFAULT_MAX_LINES;
        const key = completionCacheKey(params, maxLines);
        const cursor: CursorContext = { prefix: params.prefix, suffix: params.suffix, maxLines };
        const cached = this.cache.get(key, params.prefix);
        if (cached !== null) {
            this.counters.cacheHits += 1;
            return { text: cached, source: "cache", usage: { promptTokens: 0, evaluatedTokens: 0, generatedTokens: 0, durationMs: 0 } };
        }

        const running = this.running;
        if (running && this.canJoin(running, key, params.prefix)) {
            const joined = await this.join(running, params.prefix, signal);
            if (joined !== null) {
                this.counters.joined += 1;
                return joined;
            }
        }
        if (signal.aborted) throw cancelled();

        const generation = await this.replaceRunning(key, params.prefix, signal, (abort) => this.generate(loaded, params, cursor, abort));
        const outcome = await this.wait(generation, signal);
        return { text: outcome.text, source: "generated", usage: outcome.usage };
    }

    /** Evaluates the prompt for a file that was opened or focused, unless a completion is busy. */
    async warm(context: CompletionContext, signal: AbortSignal): Promise<{ evaluatedTokens: number }> {
        const loaded = this.model();
        if (loaded === null || this.running !== null || signal.aborted) return { evaluatedTokens: 0 };
        const target = completionTarget(loaded);
        const sequence = await target.sequence();
        return loaded.completionQueue.run(async () => {
            if (this.running !== null || signal.aborted) return { evaluatedTokens: 0 };
            const prompt = target.prompt(context, sequence.contextSize - DEFAULT_MAX_TOKENS);
            if (prompt.length >= sequence.contextSize) return { evaluatedTokens: 0 };
            // The next suggestion waits for this, and the completion context takes every core
            // (llama-runtime.ts chooseCompletionThreads): a chat running beside it would share
            // them, so the chat pauses here too.
            const release = loaded.priority.hold();
            try {
                const evaluatedTokens = await warmSequence(sequence, prompt);
                this.counters.evaluatedTokens += evaluatedTokens;
                return { evaluatedTokens };
            } finally {
                release();
            }
        });
    }

    private canJoin(running: Generation, key: string, prefix: string): boolean {
        if (running.key !== key || !prefix.startsWith(running.prefix)) return false;
        const typed = prefix.slice(running.prefix.length);
        return running.text.startsWith(typed) || typed.startsWith(running.text);
    }

    /** Waits for the running generation; its answer minus what was typed since, or null when it went elsewhere. */
    private async join(running: Generation, prefix: string, signal: AbortSignal): Promise<CompletionResult | null> {
        const typed = prefix.slice(running.prefix.length);
        let outcome;
        try {
            outcome = await this.wait(running, signal);
        } catch (error) {
            if (signal.aborted) throw error;
            return null; // it was replaced or failed: generate afresh
        }
        if (typed === "") return { text: outcome.text, source: "joined", usage: outcome.usage };
        if (outcome.text.length > typed.length && outcome.text.startsWith(typed)) {
            return { text: outcome.text.slice(typed.length), source: "joined", usage: outcome.usage };
        }
        return null;
    }

    /** Waits for a generation's result on behalf of one request; the last waiter to leave starts the grace period. */
    private async wait(generation: Generation, signal: AbortSignal): Promise<{ text: string; usage: CompletionResult["usage"] }> {
        generation.waiting += 1;
        if (generation.graceTimer) {
            clearTimeout(generation.graceTimer);
            generation.graceTimer = null;
        }
        let onAbort: () => void = () => undefined;
        const aborted = new Promise<never>((_, reject) => {
            onAbort = () => reject(cancelled());
            if (signal.aborted) onAbort();
            else signal.addEventListener("abort", onAbort, { once: true });
        });
        try {
            return await Promise.race([generation.done, aborted]);
        } finally {
            signal.removeEventListener("abort", onAbort);
            aborted.catch(() => undefined);
            generation.waiting -= 1;
            if (generation.waiting === 0 && this.running === generation) {
                generation.graceTimer = setTimeout(() => generation.abort.abort(), ORPHAN_GRACE_MS);
            }
        }
    }

    /**
     * Stops the running generation and any request waiting to start one, waits for the engine to
     * be free, then starts this request's generation (unless it was cancelled meanwhile).
     */
    private async replaceRunning(
        key: string, prefix: string, signal: AbortSignal,
        start: (abort: AbortController) => Generation["done"],
    ): Promise<Generation> {
        this.waiter?.abort();
        const waiter = new AbortController();
        this.waiter = waiter;
        const previous = this.running;
        if (previous) {
            previous.abort.abort();
            await previous.done.catch(() => undefined);
        }
        if (this.waiter === waiter) this.waiter = null;
        if (waiter.signal.aborted || signal.aborted) throw cancelled();
        const abort = new AbortController();
        const generation: Generation = { key, prefix, text: "", abort, waiting: 0, graceTimer: null, done: Promise.resolve({ text: "", usage: { promptTokens: 0, evaluatedTokens: 0, generatedTokens: 0, durationMs: 0 } }) };
        this.running = generation;
        generation.done = start(abort).finally(() => {
            if (generation.graceTimer) clearTimeout(generation.graceTimer);
            if (this.running === generation) this.running = null;
        });
        generation.done.catch(() => undefined);
        return generation;
    }

    /** Shutdown: stops the running generation and drops a request waiting to start one. */
    dispose(): void {
        this.waiter?.abort();
        this.running?.abort.abort();
        this.cache.clear();
    }

    /**
     * Ghost text goes first: from the moment a generation starts until it ends (answered, failed
     * or cancelled), chat and agent generations wait between tokens (engine/generation-priority.ts).
     * Set before the first await, so a chat token decoded after this request arrived already waits.
     */
    private async generate(loaded: LoadedModel, params: CompletionParams, cursor: CursorContext, abort: AbortController): Promise<{ text: string; usage: CompletionResult["usage"] }> {
        const release = loaded.priority.hold();
        try {
            return await this.generateNow(loaded, params, cursor, abort);
        } finally {
            release();
        }
    }

    private async generateNow(loaded: LoadedModel, params: CompletionParams, cursor: CursorContext, abort: AbortController): Promise<{ text: string; usage: CompletionResult["usage"] }> {
        const generation = this.running!;
        const target = completionTarget(loaded);
        const sequence = await target.sequence();
        return loaded.completionQueue.run(async () => {
            if (abort.signal.aborted) throw cancelled();
            this.counters.generationsStarted += 1;
            this.counters.generationsRunning += 1;
            this.counters.maxConcurrentGenerations = Math.max(this.counters.maxConcurrentGenerations, this.counters.generationsRunning);
            const started = performance.now();
            try {
                const maxTokens = params.maxTokens ?? DEFAULT_MAX_TOKENS;
                const prompt = target.prompt(params, sequence.contextSize - maxTokens);
                if (prompt.length + maxTokens > sequence.contextSize) {
                    throw new EngineError("generation-failed", `The completion prompt (${prompt.length} tokens) does not fit the completion context (${sequence.contextSize}).`);
                }
                const outcome = await runCompletion(sequence, prompt, {
                    maxTokens,
                    temperature: params.sampling?.temperature ?? 0,
                    seed: params.sampling?.seed,
                    signal: abort.signal,
                    onText: (text) => {
                        generation.text = text;
                        return shouldStop(text, cursor);
                    },
                });
                this.counters.evaluatedTokens += outcome.evaluatedTokens;
                this.counters.generatedTokens += outcome.generatedTokens;
                this.counters.naivePromptTokens += outcome.promptTokens;
                if (abort.signal.aborted) throw cancelled();
                const text = postProcess(outcome.text, cursor);
                this.cache.put(generation.key, generation.prefix, text);
                const usage = { promptTokens: outcome.promptTokens, evaluatedTokens: outcome.evaluatedTokens, generatedTokens: outcome.generatedTokens, durationMs: performance.now() - started };
                log.debug(`completion: ${usage.evaluatedTokens}/${usage.promptTokens} prompt tokens evaluated, ${usage.generatedTokens} generated, ${Math.round(usage.durationMs)} ms, lines ≤ ${effectiveMaxLines(cursor)}`);
                return { text, usage };
            } finally {
                this.counters.generationsRunning -= 1;
            }
        });
    }
}
