// One generation on the chat sequence: chat turns and structured calls both come through here,
// so usage accounting, streaming by channel and cancellation are handled once.
import { randomUUID } from "node:crypto";
import type { ChatModelFunctions, LlamaChatResponse, LlamaChatResponseChunk, LlamaGrammar } from "node-llama-cpp";
import type { z } from "zod";
import type { ChatMessage, GenerationUsage, ReasoningEffort, SamplingOverrides, StopReason, ToolCall, ToolDefinition } from "../../protocol/index.ts";
import type { ChatChunkSink } from "./engine.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { toChatHistory } from "./harmony-history.ts";
import type { LoadedModel } from "./loaded-model.ts";
import { samplingOptions } from "./sampling.ts";
import { acceptanceBetween } from "./speculation.ts";

export interface GenerationRequest {
    messages: readonly ChatMessage[];
    reasoningEffort: ReasoningEffort;
    maxTokens?: number;
    sampling?: z.infer<typeof SamplingOverrides>;
    grammar?: LlamaGrammar;
    tools?: readonly ToolDefinition[];
}

export interface GenerationOutcome {
    text: string;
    reasoning: string;
    stopReason: StopReason;
    toolCalls: ToolCall[];
    usage: GenerationUsage;
    /** maxTokens ended the turn while the model was writing a tool call (node-llama-cpp drops it). */
    cutToolCall?: boolean;
    /** Decode speed, counted from the first generated token. */
    tokensPerSecond: number | null;
    /** Share of drafted tokens the model confirmed (speculation); null when nothing was drafted. */
    draftAcceptance: number | null;
}

const DEFAULT_MAX_TOKENS = 4096;

export async function generate(loaded: LoadedModel, request: GenerationRequest, onChunk: ChatChunkSink | undefined, signal?: AbortSignal): Promise<GenerationOutcome> {
    return loaded.chatQueue.run(async () => {
        if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
        const chat = loaded.chatFor(request.reasoningEffort);
        const history = toChatHistory(request.messages, (id) => loaded.rawToolCalls.get(id));
        const meter = loaded.chatSequence.tokenMeter;
        const inputBefore = meter.usedInputTokens;
        const outputBefore = meter.usedOutputTokens;
        const draftsBefore = loaded.chatSequence.tokenPredictions;
        const started = performance.now();
        let firstTokenAt: number | null = null;
        let reasoning = "";
        // node-llama-cpp drops a call that maxTokens cut off without a word; noticing that the
        // call had begun lets the caller say why the turn ended with neither answer nor call.
        let callStarted = false;
        const functions = request.tools && request.tools.length > 0 && !request.grammar ? toFunctions(request.tools) : undefined;

        const common = {
            ...samplingOptions(request.sampling),
            maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
            signal,
            stopOnAbortSignal: true,
            onToken() {
                firstTokenAt ??= performance.now();
            },
            onResponseChunk(chunk: LlamaChatResponseChunk) {
                if (chunk.type === "segment") {
                    if (chunk.segmentType !== "thought" || chunk.text === "") return;
                    reasoning += chunk.text;
                    onChunk?.("analysis", chunk.text);
                } else if (chunk.text !== "") {
                    onChunk?.("final", chunk.text);
                }
            },
        };
        let response: LlamaChatResponse<ChatModelFunctions>;
        try {
            response = functions
                ? await chat.generateResponse(history, { ...common, functions, onFunctionCallParamsChunk() { callStarted = true; } })
                : await chat.generateResponse(history, { ...common, ...(request.grammar ? { grammar: request.grammar } : {}) });
        } catch (error) {
            if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
            throw new EngineError("generation-failed", `Generation failed: ${errorMessage(error)}`, { cause: error });
        }

        const ended = performance.now();
        const drafts = loaded.chatSequence.tokenPredictions;
        // The meter counts every position that got logits as output, drafted ones included: a
        // drafted position becomes a generated token only when its prediction was used.
        const generatedTokens = meter.usedOutputTokens - outputBefore
            - (drafts.validated - draftsBefore.validated) - (drafts.refuted - draftsBefore.refuted) + (drafts.used - draftsBefore.used);
        const evaluatedTokens = meter.usedInputTokens - inputBefore;
        const decodeSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
        const toolCalls = (response.functionCalls ?? []).map((call): ToolCall => {
            const id = `call_${randomUUID().slice(0, 8)}`;
            loaded.rawToolCalls.set(id, call.raw);
            return { id, name: call.functionName, arguments: JSON.stringify(call.params ?? {}) };
        });
        const stopReason = toolCalls.length > 0 ? "tool-calls" : stopReasonOf(response.metadata.stopReason);
        return {
            text: response.response,
            reasoning,
            stopReason,
            toolCalls,
            ...(stopReason === "max-tokens" && callStarted ? { cutToolCall: true } : {}),
            usage: {
                promptTokens: loaded.chatSequence.nextTokenIndex - generatedTokens,
                evaluatedTokens,
                generatedTokens,
                durationMs: ended - started,
            },
            tokensPerSecond: decodeSeconds > 0 && generatedTokens > 1 ? (generatedTokens - 1) / decodeSeconds : null,
            draftAcceptance: acceptanceBetween(draftsBefore, drafts),
        };
    });
}

/** Tools as node-llama-cpp functions: the parameter schema becomes the grammar of the call's arguments. */
function toFunctions(tools: readonly ToolDefinition[]): ChatModelFunctions {
    return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, params: functionParamsSchema(grammarSchema(tool.parameters)) as never }]));
}

/**
 * node-llama-cpp's grammar writes every property of an object, in order, and knows `oneOf` but
 * not `anyOf`. So a property the schema leaves optional becomes one the model must write but may
 * set to null (the tool's caller reads null as "not given"), and anyOf becomes oneOf.
 */
export function functionParamsSchema(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(functionParamsSchema);
    if (schema === null || typeof schema !== "object") return schema;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) result[key === "anyOf" ? "oneOf" : key] = functionParamsSchema(value);
    if (result.type === "object" && result.properties !== null && typeof result.properties === "object") {
        const required = new Set(Array.isArray(result.required) ? result.required as string[] : []);
        const properties = result.properties as Record<string, Record<string, unknown>>;
        for (const [name, property] of Object.entries(properties)) {
            if (!required.has(name)) properties[name] = nullable(property);
        }
    }
    return result;
}

function nullable(property: Record<string, unknown>): Record<string, unknown> {
    if (typeof property.type === "string") return { ...property, type: [property.type, "null"] };
    if (Array.isArray(property.type)) return property.type.includes("null") ? property : { ...property, type: [...property.type, "null"] };
    if (Array.isArray(property.oneOf)) return { ...property, oneOf: [...property.oneOf, { type: "null" }] };
    if (Array.isArray(property.enum)) return property.enum.includes(null) ? property : { ...property, enum: [...property.enum, null] };
    return property;
}

/** node-llama-cpp's grammar takes a subset of JSON schema; drop the keys it does not know. */
export function grammarSchema(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const { $schema: _ignored, ...rest } = schema;
    return rest;
}

function stopReasonOf(reason: LlamaChatResponse["metadata"]["stopReason"]): StopReason {
    switch (reason) {
        case "maxTokens": return "max-tokens";
        case "abort": return "cancelled";
        default: return "end";
    }
}
