// The one translation between VS Code's language-model messages and our protocol's ChatMessage
// list, both ways. It imports nothing from `vscode` at run time: the part classes come in as
// arguments (the provider passes VS Code's, unit tests their own), so it runs under plain node.
//
// VS Code → harmony: system text becomes our system message (harmony's developer message), an
// assistant message's text and LanguageModelToolCallParts become one assistant message with its
// tool calls (and the reasoning the provider remembered for them), and each
// LanguageModelToolResultPart in a user message becomes a tool message answering its call.
// harmony → VS Code: answer text streams as LanguageModelTextParts, calls come back as
// LanguageModelToolCallParts under the caller's own tool names.
import type { ChatMessage, ChatTurnResult, ToolCall, ToolDefinition } from "../../protocol/index.ts";
import type { ReasoningMemory } from "./reasoning-memory.ts";
import type { ToolNames } from "./tool-names.ts";

/** The part classes of VS Code's API (vscode.LanguageModelTextPart and friends) or stand-ins. */
export interface PartClasses {
    Text: new (value: string) => { value: string };
    ToolCall: new (callId: string, name: string, input: object) => { callId: string; name: string; input: object };
    ToolResult: new (callId: string, content: unknown[]) => { callId: string; content: unknown[] };
    Data: new (data: Uint8Array, mimeType: string) => { data: Uint8Array; mimeType: string };
    PromptTsx: new (value: unknown) => { value: unknown };
}

/** vscode.LanguageModelChatMessageRole; System (3) is proposed API that VS Code's own chat sends. */
export const Role = { User: 1, Assistant: 2, System: 3 } as const;

/** The shape of vscode.LanguageModelChatRequestMessage. */
export interface RequestMessage {
    readonly role: number;
    readonly content: ReadonlyArray<unknown>;
    readonly name?: string | undefined;
}

/** The shape of vscode.LanguageModelChatTool. */
export interface RequestTool {
    readonly name: string;
    readonly description: string;
    readonly inputSchema?: object | undefined;
}

const IMAGE_NOTE = "[an image was attached here; gpt-oss reads text only]";
const EMPTY_SCHEMA = { type: "object", properties: {} };

export class ToolArgumentsError extends Error {
    constructor(toolName: string, text: string) {
        super(`gpt-oss called ${toolName} with arguments that are not a JSON object: ${text.slice(0, 200)}`);
        this.name = "ToolArgumentsError";
    }
}

/** The caller's tools as the engine takes them. */
export function toToolDefinitions(tools: readonly RequestTool[], names: ToolNames): ToolDefinition[] {
    return tools.map((tool) => ({
        name: names.engineName(tool.name),
        description: tool.description,
        parameters: (tool.inputSchema ?? EMPTY_SCHEMA) as Record<string, unknown>,
    }));
}

/** VS Code's request messages as our ChatMessage list. */
export function toChatMessages(messages: readonly RequestMessage[], parts: PartClasses, names: ToolNames, memory: ReasoningMemory): ChatMessage[] {
    const out: ChatMessage[] = [];
    /** Engine name of every call made so far, by id: a tool result needs the name of its call. */
    const callNames = new Map<string, string>();
    for (const message of messages) {
        if (message.role === Role.System) {
            const text = textOf(message.content, parts);
            if (text !== "") out.push({ role: "system", content: text });
        } else if (message.role === Role.Assistant) {
            const calls: ToolCall[] = message.content
                .filter((part): part is InstanceType<PartClasses["ToolCall"]> => part instanceof parts.ToolCall)
                .map((part) => ({ id: part.callId, name: names.engineName(part.name), arguments: JSON.stringify(part.input ?? {}) }));
            for (const call of calls) callNames.set(call.id, call.name);
            const content = textOf(message.content, parts);
            if (content === "" && calls.length === 0) continue;
            const reasoning = memory.recall(calls.map((call) => call.id));
            out.push({ role: "assistant", content, ...(reasoning ? { reasoning } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}) });
        } else {
            out.push(...userMessages(message.content, parts, callNames));
        }
    }
    return out;
}

/**
 * A user message: tool results first (harmony continues the assistant's turn with them), then the
 * text. A result whose call is not in the history (a caller that trimmed it) cannot be a harmony
 * tool message, so its text goes to the user message instead of being lost.
 */
function userMessages(content: ReadonlyArray<unknown>, parts: PartClasses, callNames: ReadonlyMap<string, string>): ChatMessage[] {
    const results: ChatMessage[] = [];
    const text: string[] = [];
    for (const part of content) {
        if (part instanceof parts.ToolResult) {
            const resultText = textOf(part.content, parts);
            const name = callNames.get(part.callId);
            if (name === undefined) text.push(`Result of tool call ${part.callId}:\n${resultText}\n`);
            else results.push({ role: "tool", toolCallId: part.callId, name, content: resultText });
        } else {
            text.push(partText(part, parts));
        }
    }
    const joined = text.join("");
    return joined === "" ? results : [...results, { role: "user", content: joined }];
}

/** The text parts of a message (or a tool result), joined as VS Code's own converters join them. */
function textOf(content: ReadonlyArray<unknown>, parts: PartClasses): string {
    return content.map((part) => partText(part, parts)).join("");
}

function partText(part: unknown, parts: PartClasses): string {
    if (part instanceof parts.Text) return part.value;
    if (part instanceof parts.PromptTsx) return promptTsxText(part.value);
    if (part instanceof parts.Data) return dataText(part);
    // Tool calls are read separately; thinking parts, cache hints and parts newer than this code
    // carry nothing the model should read.
    return "";
}

function dataText(part: { data: Uint8Array; mimeType: string }): string {
    const mime = part.mimeType.toLowerCase();
    if (mime.startsWith("image/")) return IMAGE_NOTE;
    // Other mime types are metadata for other providers (e.g. "cache_control" hints), not content.
    if (mime.startsWith("text/") || mime.endsWith("json")) return new TextDecoder().decode(part.data);
    return "";
}

/** The text nodes of a @vscode/prompt-tsx element tree (the JSON form tools may return). */
function promptTsxText(value: unknown): string {
    if (value === null || typeof value !== "object") return "";
    if (Array.isArray(value)) return value.map(promptTsxText).join("");
    const record = value as Record<string, unknown>;
    const own = typeof record.text === "string" ? record.text : "";
    return own + Object.entries(record).filter(([key]) => key !== "text").map(([, child]) => promptTsxText(child)).join("");
}

/** The calls of a finished turn as VS Code parts, under the caller's tool names. */
export function toToolCallParts(result: ChatTurnResult, parts: PartClasses, names: ToolNames): Array<InstanceType<PartClasses["ToolCall"]>> {
    return result.toolCalls.map((call) => {
        const name = names.callerName(call.name);
        return new parts.ToolCall(call.id, name, parseInput(name, call.arguments));
    });
}

function parseInput(toolName: string, text: string): object {
    let value: unknown;
    try {
        value = JSON.parse(text === "" ? "{}" : text);
    } catch {
        throw new ToolArgumentsError(toolName, text);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ToolArgumentsError(toolName, text);
    return value;
}

/**
 * A message as the text to count: what the model will read of it. Tool calls count as their
 * name and JSON arguments, results as their text.
 */
export function countingText(message: RequestMessage, parts: PartClasses): string {
    return message.content.map((part) => {
        if (part instanceof parts.ToolCall) return `${part.name} ${JSON.stringify(part.input ?? {})}`;
        if (part instanceof parts.ToolResult) return textOf(part.content, parts);
        return partText(part, parts);
    }).join("");
}
