// One streamed chat completion against the endpoint: opens the stream (retrying only while
// nothing has reached the user), relays reasoning and answer text as they arrive, watches for a
// stream that stalls or ends without a finish reason, and returns what came with its usage.
// Cancellation aborts the HTTP request, which closes the connection: vLLM, SGLang, Ollama and
// llama-server all stop generating when the client goes away.
import type OpenAI from "openai";
import type { GenerationUsage, StopReason, ToolCall } from "../../../protocol/index.ts";
import type { ChatChunkSink } from "../engine.ts";
import { EngineError } from "../engine-error.ts";
import type { Endpoint } from "./endpoint.ts";
import { StreamStalledError, toEngineError } from "./remote-errors.ts";
import { withRetry } from "./retry.ts";
import { StallWatchdog } from "./stall-watchdog.ts";
import { StreamAccumulator } from "./stream-accumulator.ts";

export interface StreamOutcome {
    text: string;
    reasoning: string;
    stopReason: StopReason;
    toolCalls: ToolCall[];
    usage: GenerationUsage;
    tokensPerSecond: number | null;
    /** From sending the request to the response headers (the endpoint starting to answer). */
    latencyMs: number;
}

export async function streamChat(
    endpoint: Endpoint, body: Record<string, unknown>, onChunk: ChatChunkSink | undefined, signal: AbortSignal | undefined,
): Promise<StreamOutcome> {
    let emitted = false;
    try {
        return await withRetry(`chat completion on ${endpoint.failure.endpoint}`, () => streamOnce(endpoint, body, (channel, text) => {
            emitted = true;
            onChunk?.(channel, text);
        }, signal), () => !emitted, signal);
    } catch (error) {
        throw toEngineError(error, endpoint.failure);
    }
}

async function streamOnce(endpoint: Endpoint, body: Record<string, unknown>, emit: ChatChunkSink, signal: AbortSignal | undefined): Promise<StreamOutcome> {
    if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
    const abort = new AbortController();
    const forwardAbort = () => abort.abort();
    signal?.addEventListener("abort", forwardAbort, { once: true });
    const watchdog = new StallWatchdog(endpoint.config.timeoutSeconds, abort);
    const accumulator = new StreamAccumulator();
    const started = performance.now();
    let latencyMs = 0;
    let firstTokenAt: number | null = null;
    try {
        const stream = await endpoint.client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming, { signal: abort.signal });
        latencyMs = performance.now() - started;
        watchdog.kick();
        for await (const chunk of stream as AsyncIterable<unknown>) {
            watchdog.kick();
            const delta = accumulator.add(chunk);
            if (delta.analysis !== "" || delta.final !== "" || accumulator.hasToolCalls) firstTokenAt ??= performance.now();
            if (delta.analysis !== "") emit("analysis", delta.analysis);
            if (delta.final !== "") emit("final", delta.final);
        }
    } catch (error) {
        if (signal?.aborted) return outcome(accumulator, "cancelled", started, firstTokenAt, latencyMs);
        if (watchdog.stalled) throw new StreamStalledError(endpoint.config.timeoutSeconds);
        if (accumulator.deltaCount > 0 && !(error instanceof EngineError)) throw truncated(endpoint, accumulator, error);
        throw error;
    } finally {
        watchdog.stop();
        signal?.removeEventListener("abort", forwardAbort);
    }
    // The client ends the iteration quietly when its request is aborted.
    if (signal?.aborted) return outcome(accumulator, "cancelled", started, firstTokenAt, latencyMs);
    if (watchdog.stalled) throw new StreamStalledError(endpoint.config.timeoutSeconds);
    if (!accumulator.finished) throw truncated(endpoint, accumulator);
    return outcome(accumulator, accumulator.stopReason(), started, firstTokenAt, latencyMs);
}

function truncated(endpoint: Endpoint, accumulator: StreamAccumulator, cause?: unknown): EngineError {
    const got = `${accumulator.text.length} characters of answer and ${accumulator.reasoning.length} of reasoning had arrived`;
    const how = cause instanceof Error ? ` (${cause.message})` : "";
    return new EngineError("remote-error", `The endpoint ${endpoint.failure.endpoint} ended the stream before the answer was complete${how}; ${got}. It was not retried, so nothing is repeated.`, { cause });
}

function outcome(accumulator: StreamAccumulator, stopReason: StopReason, started: number, firstTokenAt: number | null, latencyMs: number): StreamOutcome {
    const ended = performance.now();
    const reported = accumulator.usage;
    // Without a usage chunk, each content-bearing chunk counts as one token (servers send one per token).
    const generatedTokens = reported?.completionTokens ?? accumulator.deltaCount;
    const decodeSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
    return {
        text: accumulator.text,
        reasoning: accumulator.reasoning,
        stopReason,
        toolCalls: stopReason === "tool-calls" ? accumulator.toolCalls() : [],
        usage: {
            promptTokens: reported?.promptTokens ?? 0,
            evaluatedTokens: reported ? Math.max(0, reported.promptTokens - reported.cachedTokens) : 0,
            generatedTokens,
            durationMs: ended - started,
        },
        tokensPerSecond: decodeSeconds > 0 && generatedTokens > 1 ? (generatedTokens - 1) / decodeSeconds : null,
        latencyMs,
    };
}
