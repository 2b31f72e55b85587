// Inline completions through the endpoint. gpt-oss has no fill-in-the-middle tokens; the
// embedded engine prefills the assistant turn on the final channel. Here the same raw harmony
// prompt (prompt.ts) goes to /v1/completions where the endpoint takes raw
// prompts with special tokens (vLLM, SGLang, llama-server): no reasoning is spent and the
// endpoint's prefix cache keeps the stable head of the prompt. Where it cannot (Ollama applies
// its chat template to /v1/completions; some clouds have no such route), the instructions and
// code go as a system message to /v1/chat/completions with low reasoning effort and only the
// final channel is used. The log says which path is taken and why.
//
// One generation at a time: a new keystroke aborts the previous request (closing its
// connection, so the endpoint stops generating). Suggestions are cached per context like the
// embedded service's.
import type OpenAI from "openai";
import { z } from "zod";
import { CompletionCache, completionCacheKey, type CompletionContext, type CompletionParams, type CompletionResult, type CompletionStats } from "../../protocol/index.ts";
import { EngineError } from "../engine/engine-error.ts";
import { chatRequestBody } from "../engine/remote/chat-request.ts";
import type { Endpoint } from "../engine/remote/endpoint.ts";
import type { CompletionPath, RemoteCompletionEndpoint } from "../engine/remote/remote-engine.ts";
import { httpStatusOf, toEngineError } from "../engine/remote/remote-errors.ts";
import { StreamAccumulator } from "../engine/remote/stream-accumulator.ts";
import { unfence } from "../engine/remote/structured-output.ts";
import { log } from "../log.ts";
import { DEFAULT_MAX_LINES, DEFAULT_MAX_TOKENS, statsOf, zeroCounters, type CompletionCounters } from "./completion-counters.ts";
import { postProcess, shouldStop, type CursorContext } from "./post-process.ts";
import { buildPrompt, developerMessage, promptText } from "./prompt.ts";

/** A harmony control token as llama-server renders it into /completions text. */
const HARMONY_TOKEN = /<\|(?:end|return|call|start|channel|message|constrain|endoftext)\|>/;

/** Chat completions reason first even at low effort; this much extra budget covers it. */
const CHAT_REASONING_ALLOWANCE = 384;

const TextChunk = z.looseObject({
    choices: z.array(z.looseObject({ text: z.string().nullish(), finish_reason: z.string().nullish() })).nullish(),
    usage: z.looseObject({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

interface Generated { text: string; promptTokens: number; generatedTokens: number }

export class RemoteCompletionService {
    private readonly cache = new CompletionCache();
    private running: AbortController | null = null;
    private counters: CompletionCounters = zeroCounters();
    private readonly endpoint: Endpoint;
    private path: CompletionPath;
    private readonly date: Date;

    constructor(connection: RemoteCompletionEndpoint) {
        this.endpoint = connection.endpoint;
        this.path = connection.path;
        this.date = connection.promptDate;
        // The connection ending stops the request in flight (its HTTP request is closed).
        connection.closed.addEventListener("abort", () => this.dispose(), { once: true });
    }

    get currentPath(): CompletionPath {
        return this.path;
    }

    async complete(params: CompletionParams, signal: AbortSignal): Promise<CompletionResult> {
        this.counters.requests += 1;
        const maxLines = params.maxLines ?? DEFAULT_MAX_LINES;
        const key = completionCacheKey(params, maxLines);
        const cached = this.cache.get(key, params.prefix);
        if (cached !== null) {
            this.counters.cacheHits += 1;
            return { text: cached, source: "cache", usage: { promptTokens: 0, evaluatedTokens: 0, generatedTokens: 0, durationMs: 0 } };
        }
        this.running?.abort();
        const abort = new AbortController();
        this.running = abort;
        const forward = () => abort.abort();
        signal.addEventListener("abort", forward, { once: true });
        const cursor: CursorContext = { prefix: params.prefix, suffix: params.suffix, maxLines };
        const started = performance.now();
        this.counters.generationsStarted += 1;
        this.counters.generationsRunning += 1;
        this.counters.maxConcurrentGenerations = Math.max(this.counters.maxConcurrentGenerations, this.counters.generationsRunning);
        try {
            const generated = await this.generate(params, cursor, abort.signal);
            this.counters.generatedTokens += generated.generatedTokens;
            if (abort.signal.aborted) throw new EngineError("cancelled", "The completion was cancelled.");
            const text = postProcess(generated.text, cursor);
            this.cache.put(key, params.prefix, text);
            const usage = { promptTokens: generated.promptTokens, evaluatedTokens: generated.promptTokens, generatedTokens: generated.generatedTokens, durationMs: performance.now() - started };
            log.debug(`completion (${this.path}): ${usage.generatedTokens} tokens generated, ${Math.round(usage.durationMs)} ms`);
            return { text, source: "generated", usage };
        } catch (error) {
            if (abort.signal.aborted) {
                this.counters.cancelled += 1;
                throw new EngineError("cancelled", "The completion was cancelled.");
            }
            throw error;
        } finally {
            this.counters.generationsRunning -= 1;
            signal.removeEventListener("abort", forward);
            if (this.running === abort) this.running = null;
        }
    }

    private async generate(params: CompletionParams, cursor: CursorContext, signal: AbortSignal): Promise<Generated> {
        if (this.path === "chat") return this.viaChat(params, cursor, signal);
        try {
            return await this.viaRaw(params, cursor, signal);
        } catch (error) {
            const status = httpStatusOf(error);
            if (signal.aborted || status === null || ![400, 404, 405, 422, 501].includes(status)) throw error;
            this.path = "chat";
            log.warn(`completions: ${this.endpoint.failure.endpoint} has no raw /completions (${status}); using chat completions from now on (reasoning effort low, final channel only)`);
            return this.viaChat(params, cursor, signal);
        }
    }

    /** The harmony prompt with the assistant turn prefilled on the final channel, as text. */
    private rawPrompt(context: CompletionContext): string {
        return promptText(buildPrompt({ ...context, snippets: context.snippets ?? [], date: this.date }));
    }

    private async viaRaw(params: CompletionParams, cursor: CursorContext, signal: AbortSignal): Promise<Generated> {
        const body = {
            model: this.endpoint.config.model,
            prompt: this.rawPrompt(params),
            max_tokens: params.maxTokens ?? DEFAULT_MAX_TOKENS,
            temperature: params.sampling?.temperature ?? 0,
            ...(params.sampling?.seed !== undefined ? { seed: params.sampling.seed } : {}),
            stream: true,
            stream_options: { include_usage: true },
        };
        let text = "";
        let chunks = 0;
        let usage: { prompt: number; completion: number } | null = null;
        try {
            const stream = await this.endpoint.client.completions.create(body as OpenAI.CompletionCreateParamsStreaming, { signal });
            for await (const raw of stream as AsyncIterable<unknown>) {
                const chunk = TextChunk.safeParse(raw);
                if (!chunk.success) throw new EngineError("remote-error", `The endpoint sent a completion chunk this extension cannot read: ${JSON.stringify(raw).slice(0, 200)}`);
                if (chunk.data.usage) usage = { prompt: chunk.data.usage.prompt_tokens ?? 0, completion: chunk.data.usage.completion_tokens ?? 0 };
                const piece = chunk.data.choices?.[0]?.text ?? "";
                if (piece === "") continue;
                chunks += 1;
                text += piece;
                // llama-server streams harmony's special tokens as text (vLLM skips them): one
                // ends the model's message, and neither it nor what follows is code.
                const special = HARMONY_TOKEN.exec(text);
                if (special) {
                    text = text.slice(0, special.index);
                    break;
                }
                // Enough for the editor: stop paying for tokens post-processing would cut.
                if (shouldStop(text, cursor)) break;
            }
        } catch (error) {
            if (signal.aborted) throw new EngineError("cancelled", "The completion was cancelled.");
            throw toEngineError(error, this.endpoint.failure);
        }
        return { text, promptTokens: usage?.prompt ?? 0, generatedTokens: usage?.completion ?? chunks };
    }

    private async viaChat(params: CompletionParams, cursor: CursorContext, signal: AbortSignal): Promise<Generated> {
        const body = chatRequestBody({
            model: this.endpoint.config.model,
            messages: [
                { role: "system", content: developerMessage({ ...params, snippets: params.snippets ?? [], date: this.date }) },
                { role: "user", content: "Write only the text to insert at the cursor." },
            ],
            reasoningEffort: "low",
            maxTokens: (params.maxTokens ?? DEFAULT_MAX_TOKENS) + CHAT_REASONING_ALLOWANCE,
            sampling: { temperature: params.sampling?.temperature ?? 0, ...(params.sampling?.seed !== undefined ? { seed: params.sampling.seed } : {}) },
        });
        const accumulator = new StreamAccumulator();
        try {
            const stream = await this.endpoint.client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming, { signal });
            for await (const chunk of stream as AsyncIterable<unknown>) {
                accumulator.add(chunk);
                // Only the final channel (content) is ever looked at; reasoning never reaches the editor.
                if (accumulator.text !== "" && shouldStop(stripOpeningFence(accumulator.text), cursor)) break;
            }
        } catch (error) {
            if (signal.aborted) throw new EngineError("cancelled", "The completion was cancelled.");
            throw toEngineError(error, this.endpoint.failure);
        }
        return {
            text: unfence(stripOpeningFence(accumulator.text)),
            promptTokens: accumulator.usage?.promptTokens ?? 0,
            generatedTokens: accumulator.usage?.completionTokens ?? accumulator.deltaCount,
        };
    }

    /** Raw path: a one-token request so the endpoint's prefix cache holds this file's prompt head. */
    async warm(context: CompletionContext, signal: AbortSignal): Promise<{ evaluatedTokens: number }> {
        if (this.path !== "raw" || this.running !== null || signal.aborted) return { evaluatedTokens: 0 };
        try {
            const answer = await this.endpoint.client.completions.create({ model: this.endpoint.config.model, prompt: this.rawPrompt(context), max_tokens: 1, temperature: 0 } as never, { signal });
            const usage = (answer as { usage?: { prompt_tokens?: number } }).usage;
            return { evaluatedTokens: usage?.prompt_tokens ?? 0 };
        } catch {
            // Warming is a courtesy; the completion that follows reports any real problem.
            return { evaluatedTokens: 0 };
        }
    }

    stats(reset: boolean): CompletionStats {
        const result = statsOf(this.counters, this.cache, null);
        if (reset) {
            this.counters = zeroCounters(this.counters.generationsRunning);
            this.cache.clear();
        }
        return result;
    }

    dispose(): void {
        this.running?.abort();
        this.cache.clear();
    }
}

/** Chat models often open a code fence although told not to; the ghost text must not show it. */
function stripOpeningFence(text: string): string {
    return text.replace(/^\s*```[a-zA-Z0-9_+-]*[ \t]*\n/, "");
}
