// Messages for generation: a streaming chat turn and a structured (JSON-schema) call.
import { z } from "zod";
import { defineNotification, defineRequest } from "./define.ts";
import { ReasoningEffort } from "./model.ts";
import { ExternalToolSettings } from "./tools.ts";

/**
 * A tool the model may call: its name, what it is for, and its parameters as a JSON schema
 * (an object schema; the embedded engine enforces it as a grammar while the call is written).
 */
export const ToolDefinition = z.object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "a tool name is a letter or _ followed by up to 63 letters, digits or _"),
    description: z.string(),
    parameters: z.record(z.string(), z.unknown()),
});
export type ToolDefinition = z.infer<typeof ToolDefinition>;

/**
 * A call the model made. `arguments` is the JSON text as the model wrote it: a remote server may
 * send malformed JSON, and whoever runs the tool answers that with an error message, not a crash.
 */
export const ToolCall = z.object({
    id: z.string().min(1),
    name: z.string(),
    arguments: z.string(),
});
export type ToolCall = z.infer<typeof ToolCall>;

/**
 * One message of a conversation in harmony terms. `system` text becomes the developer message
 * (gpt-oss takes instructions there); an assistant message may carry its reasoning, which the
 * caller keeps only while a turn is still calling tools (gpt-oss needs it then, not after), and
 * the tool calls it made; each call is answered by a `tool` message with the same id.
 */
export const ChatMessage = z.discriminatedUnion("role", [
    z.object({ role: z.literal("system"), content: z.string() }),
    z.object({ role: z.literal("user"), content: z.string() }),
    z.object({ role: z.literal("assistant"), content: z.string(), reasoning: z.string().optional(), toolCalls: z.array(ToolCall).optional() }),
    z.object({ role: z.literal("tool"), toolCallId: z.string().min(1), name: z.string(), content: z.string() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Sampling knobs a request may override; the server's defaults are OpenAI's (temperature 1, top_p 1). */
export const SamplingOverrides = z.object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().nonnegative().optional(),
});

export const GenerationUsage = z.object({
    /** Tokens in the prompt as sent to the model. */
    promptTokens: z.number().int().nonnegative(),
    /** Prompt tokens actually evaluated (the rest came from the KV cache). */
    evaluatedTokens: z.number().int().nonnegative(),
    generatedTokens: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative(),
});
export type GenerationUsage = z.infer<typeof GenerationUsage>;

/** Why generation stopped; "tool-calls": the model called tools and waits for their results. */
export const StopReason = z.enum(["end", "max-tokens", "cancelled", "tool-calls"]);
export type StopReason = z.infer<typeof StopReason>;

/** A file open in the editor with changes not yet saved: tools read this text, not the disk's. */
export const OpenBuffer = z.object({ path: z.string(), text: z.string() });
export type OpenBuffer = z.infer<typeof OpenBuffer>;

/**
 * The workspace a chat turn may read with tools (read_file, list_files, search, get_diagnostics):
 * the server then lets the model look things up, in the same harmony turn, before it answers.
 * Only ever sent for a trusted workspace.
 */
export const ChatWorkspace = z.object({
    root: z.string().min(1),
    openBuffers: z.array(OpenBuffer).default([]),
    /** Tool calls one answer may make before it must answer. */
    maxToolSteps: z.number().int().min(1).max(20).default(6),
    /** The user's MCP servers and lm tools, when gptOss.tools.inChat allows them in chat. */
    userTools: ExternalToolSettings.optional(),
});
export type ChatWorkspace = z.infer<typeof ChatWorkspace>;

export const ChatTurnParams = z.object({
    /** Chooses the stream the chunks of this turn are sent on. */
    streamId: z.string().min(1),
    messages: z.array(ChatMessage).min(1),
    reasoningEffort: ReasoningEffort,
    maxTokens: z.number().int().positive().max(131072).optional(),
    sampling: SamplingOverrides.optional(),
    /** Tools the model may call; a turn that calls them ends with stopReason "tool-calls". */
    tools: z.array(ToolDefinition).optional(),
    /** Lets the model read the workspace with the server's own tools before it answers (not with `tools`). */
    workspace: ChatWorkspace.optional(),
});
export type ChatTurnParams = z.infer<typeof ChatTurnParams>;

export const ChatTurnResult = z.object({
    text: z.string(),
    reasoning: z.string(),
    stopReason: StopReason,
    /** The calls the model made (stopReason "tool-calls"); empty otherwise. */
    toolCalls: z.array(ToolCall).default([]),
    usage: GenerationUsage,
});
export type ChatTurnResult = z.infer<typeof ChatTurnResult>;

export const ChatTurnRequest = defineRequest("gptoss/chat/turn", ChatTurnParams, ChatTurnResult);

/** One workspace lookup of a chat turn: the tool, what it did in words ("reading src/a.ts"), whether it failed. */
export const ChatToolStep = z.object({
    name: z.string(),
    summary: z.string(),
    isError: z.boolean(),
});
export type ChatToolStep = z.infer<typeof ChatToolStep>;

/** server → client while a chat turn with a workspace runs: what the model is looking up. */
export const ChatToolNotification = defineNotification("gptoss/chat/tool", ChatToolStep.extend({ streamId: z.string() }));

/** server → client while a chat turn runs: reasoning (analysis) and answer (final) stream apart. */
export const ChatChunkNotification = defineNotification("gptoss/chat/chunk", z.object({
    streamId: z.string(),
    channel: z.enum(["analysis", "final"]),
    text: z.string(),
}));

/** Where a chat turn's streamed text goes, reasoning and answer apart, as it is generated. */
export type ChatChunkSink = (channel: "analysis" | "final", text: string) => void;

export const StructuredParams = z.object({
    messages: z.array(ChatMessage).min(1),
    /** JSON schema (from a zod schema via z.toJSONSchema) enforced as a grammar while generating. */
    jsonSchema: z.record(z.string(), z.unknown()),
    reasoningEffort: ReasoningEffort,
    maxTokens: z.number().int().positive().max(131072).optional(),
    sampling: SamplingOverrides.optional(),
});
export type StructuredParams = z.infer<typeof StructuredParams>;

export const StructuredResult = z.object({
    /** The parsed JSON value; callers validate it with the zod schema they sent. */
    value: z.unknown(),
    text: z.string(),
    usage: GenerationUsage,
});
export type StructuredResult = z.infer<typeof StructuredResult>;

export const StructuredRequest = defineRequest("gptoss/chat/structured", StructuredParams, StructuredResult);
