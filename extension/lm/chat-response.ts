// One language-model request from another extension (or VS Code's chat), run as one chat turn on
// our engine: messages mapped, answer text streamed to the caller as it is generated, tool calls
// reported when the turn ends in them. Free of `vscode` at run time so the integration test can
// drive it against the real server.
import { z } from "zod";
import { RequestCancelledError, ReasoningEffort, type ChatMessage, type ChatTurnResult, type GptOssClient } from "../../protocol/index.ts";
import { toChatMessages, toToolCallParts, toToolDefinitions, type PartClasses, type RequestMessage, type RequestTool } from "./message-mapping.ts";
import type { ReasoningMemory } from "./reasoning-memory.ts";
import { ToolNames } from "./tool-names.ts";

export type ChatTurnClient = Pick<GptOssClient, "chatTurn">;

/** `modelOptions` a caller may pass in sendRequest; anything else in there is ignored. */
export const ModelOptions = z.object({
    reasoningEffort: ReasoningEffort.optional(),
    maxTokens: z.number().int().positive().max(131072).optional(),
});
export type ModelOptions = z.infer<typeof ModelOptions>;

export interface ResponseRequest {
    messages: readonly RequestMessage[];
    tools: readonly RequestTool[];
    /** VS Code's LanguageModelChatToolMode: Required asks for a tool call rather than an answer. */
    toolRequired: boolean;
    reasoningEffort: ReasoningEffort;
    maxTokens?: number | undefined;
}

export type ResponsePart = InstanceType<PartClasses["Text"]> | InstanceType<PartClasses["ToolCall"]>;

/** gpt-oss has no forced-call switch; an instruction is what harmony offers. */
const TOOL_REQUIRED_INSTRUCTION = "Answer by calling one of the available tools; do not reply with text only.";

export function parseModelOptions(raw: unknown): ModelOptions {
    const parsed = ModelOptions.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`gpt-oss: invalid modelOptions (${problems}).`);
}

/**
 * Runs the request; resolves with the turn's result, or null when the caller cancelled (what was
 * generated until then has already been reported).
 */
export async function respond(
    client: ChatTurnClient,
    request: ResponseRequest,
    parts: PartClasses,
    memory: ReasoningMemory,
    report: (part: ResponsePart) => void,
    signal: AbortSignal,
): Promise<ChatTurnResult | null> {
    const names = new ToolNames(request.tools.map((tool) => tool.name));
    const messages: ChatMessage[] = toChatMessages(request.messages, parts, names, memory);
    if (!messages.some((message) => message.role === "user" || message.role === "tool")) {
        throw new Error("gpt-oss: the request has no user message to answer.");
    }
    if (request.toolRequired && request.tools.length > 0) messages.unshift({ role: "system", content: TOOL_REQUIRED_INSTRUCTION });

    let streamed = false;
    let result: ChatTurnResult;
    try {
        result = await client.chatTurn({
            messages,
            reasoningEffort: request.reasoningEffort,
            ...(request.tools.length > 0 ? { tools: toToolDefinitions(request.tools, names) } : {}),
            ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
        }, (channel, text) => {
            // Reasoning (analysis) is not for the caller's reader; VS Code's stable API has no part for it.
            if (channel !== "final" || text === "") return;
            streamed = true;
            report(new parts.Text(text));
        }, signal);
    } catch (error) {
        if (error instanceof RequestCancelledError && signal.aborted) return null;
        throw error;
    }
    if (!streamed && result.text !== "") report(new parts.Text(result.text));
    if (result.stopReason === "tool-calls") {
        const calls = toToolCallParts(result, parts, names);
        memory.remember(result.toolCalls.map((call) => call.id), result.reasoning);
        for (const call of calls) report(call);
    }
    return result;
}
