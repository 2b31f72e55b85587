// Our conversation as a Chat Completions request. `system` stays a system message: servers that
// serve gpt-oss put it into the harmony developer message, where gpt-oss takes instructions.
// An assistant message that made tool calls carries its reasoning back (gpt-oss needs its earlier
// analysis within a tool-calling turn) under both names servers read: `reasoning_content`
// (vLLM, llama-server) and `reasoning` (Ollama, OpenRouter, newer vLLM).
import type { ChatMessage, ReasoningEffort, SamplingOverrides, ToolDefinition } from "../../../protocol/index.ts";
import type { z } from "zod";

export type WireMessage = Record<string, unknown> & { role: string };

export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
    return messages.map((message): WireMessage => {
        switch (message.role) {
            case "system":
            case "user":
                return { role: message.role, content: message.content };
            case "tool":
                return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
            case "assistant": {
                const calls = message.toolCalls ?? [];
                const wire: WireMessage = { role: "assistant", content: calls.length > 0 && message.content === "" ? null : message.content };
                if (calls.length > 0) {
                    wire.tool_calls = calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));
                    if (message.reasoning) {
                        wire.reasoning_content = message.reasoning;
                        wire.reasoning = message.reasoning;
                    }
                }
                return wire;
            }
        }
    });
}

export interface ChatRequestInput {
    model: string;
    messages: readonly ChatMessage[];
    reasoningEffort: ReasoningEffort;
    maxTokens?: number;
    sampling?: z.infer<typeof SamplingOverrides>;
    tools?: readonly ToolDefinition[];
    /** JSON schema the server should enforce (response_format json_schema). */
    jsonSchema?: Record<string, unknown>;
}

/** The streaming request body; OpenAI's recommended sampling for gpt-oss unless overridden. */
export function chatRequestBody(input: ChatRequestInput): Record<string, unknown> {
    const body: Record<string, unknown> = {
        model: input.model,
        messages: toWireMessages(input.messages),
        stream: true,
        stream_options: { include_usage: true },
        reasoning_effort: input.reasoningEffort,
        temperature: input.sampling?.temperature ?? 1,
        top_p: input.sampling?.topP ?? 1,
    };
    if (input.maxTokens !== undefined) body.max_tokens = input.maxTokens;
    if (input.sampling?.seed !== undefined) body.seed = input.sampling.seed;
    if (input.tools && input.tools.length > 0) {
        body.tools = input.tools.map((tool) => ({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
    }
    if (input.jsonSchema) {
        const { $schema: _ignored, ...schema } = input.jsonSchema;
        body.response_format = { type: "json_schema", json_schema: { name: "answer", schema, strict: true } };
    }
    return body;
}
