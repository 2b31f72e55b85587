// One generation on the chat sequence: chat turns and structured calls both come through here,
// so usage accounting, streaming by channel and cancellation are handled once.
import type { LlamaChatResponse, LlamaGrammar } from "node-llama-cpp";
import type { z } from "zod";
import type { ChatMessage, GenerationUsage, ReasoningEffort, SamplingOverrides, StopReason } from "../../protocol/index.ts";
import type { ChatChunkSink } from "./engine.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { toChatHistory } from "./harmony-history.ts";
import type { LoadedModel } from "./loaded-model.ts";
import { samplingOptions } from "./sampling.ts";

export interface GenerationRequest {
    messages: readonly ChatMessage[];
    reasoningEffort: ReasoningEffort;
    maxTokens?: number;
    sampling?: z.infer<typeof SamplingOverrides>;
    grammar?: LlamaGrammar;
}

export interface GenerationOutcome {
    text: string;
    reasoning: string;
    stopReason: StopReason;
    usage: GenerationUsage;
    /** Decode speed, counted from the first generated token. */
    tokensPerSecond: number | null;
}

const DEFAULT_MAX_TOKENS = 4096;

export async function generate(loaded: LoadedModel, request: GenerationRequest, onChunk: ChatChunkSink | undefined, signal?: AbortSignal): Promise<GenerationOutcome> {
    return loaded.chatQueue.run(async () => {
        if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
        const chat = loaded.chatFor(request.reasoningEffort);
        const history = toChatHistory(request.messages);
        const meter = loaded.chatSequence.tokenMeter;
        const inputBefore = meter.usedInputTokens;
        const outputBefore = meter.usedOutputTokens;
        const started = performance.now();
        let firstTokenAt: number | null = null;
        let reasoning = "";

        let response: LlamaChatResponse;
        try {
            response = await chat.generateResponse(history, {
                ...samplingOptions(request.sampling),
                maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
                signal,
                stopOnAbortSignal: true,
                ...(request.grammar ? { grammar: request.grammar } : {}),
                onToken() {
                    firstTokenAt ??= performance.now();
                },
                onResponseChunk(chunk) {
                    if (chunk.type === "segment") {
                        if (chunk.segmentType !== "thought" || chunk.text === "") return;
                        reasoning += chunk.text;
                        onChunk?.("analysis", chunk.text);
                    } else if (chunk.text !== "") {
                        onChunk?.("final", chunk.text);
                    }
                },
            });
        } catch (error) {
            if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
            throw new EngineError("generation-failed", `Generation failed: ${errorMessage(error)}`, { cause: error });
        }

        const ended = performance.now();
        const generatedTokens = meter.usedOutputTokens - outputBefore;
        const evaluatedTokens = meter.usedInputTokens - inputBefore;
        const decodeSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
        return {
            text: response.response,
            reasoning,
            stopReason: stopReasonOf(response.metadata.stopReason),
            usage: {
                promptTokens: loaded.chatSequence.nextTokenIndex - generatedTokens,
                evaluatedTokens,
                generatedTokens,
                durationMs: ended - started,
            },
            tokensPerSecond: decodeSeconds > 0 && generatedTokens > 1 ? (generatedTokens - 1) / decodeSeconds : null,
        };
    });
}

function stopReasonOf(reason: LlamaChatResponse["metadata"]["stopReason"]): StopReason {
    switch (reason) {
        case "maxTokens": return "max-tokens";
        case "abort": return "cancelled";
        default: return "end";
    }
}
