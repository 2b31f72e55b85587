// Runs one tool call of the model: the tool looked up by name, its arguments parsed and checked
// against the tool's schema, its answer cut to a size the context can take. Everything the model
// got wrong (unknown tool, bad JSON, bad arguments, a ToolError) comes back as text for it to
// read; only cancellation and real bugs propagate.
import type { z } from "zod";
import type { ToolCall } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "../engine/engine-error.ts";
import { ToolError, type AgentTool, type ToolContext } from "./tool.ts";

/** A tool answer longer than this is cut: the context is small and the model can ask for parts. */
const MAX_TOOL_ANSWER_CHARS = 16_000;

export interface ToolOutcome {
    /** The progress line ("reading src/a.ts"), or what went wrong before the tool ran. */
    summary: string;
    reply: string;
    isError: boolean;
}

export async function runToolCall(call: ToolCall, tools: ReadonlyMap<string, AgentTool>, context: ToolContext, onStart?: (summary: string) => void): Promise<ToolOutcome> {
    const tool = tools.get(call.name);
    if (tool === undefined) {
        return { summary: `calling an unknown tool ${call.name}`, reply: `Error: there is no tool named ${call.name}. The tools are: ${[...tools.keys()].join(", ")}.`, isError: true };
    }
    const args = parseToolArguments(call.arguments, tool.args);
    if (typeof args === "string") return { summary: `calling ${call.name}`, reply: `Error: ${args}`, isError: true };
    const summary = tool.describe(args);
    onStart?.(summary);
    try {
        return { summary, reply: cut(await tool.run(args, context)), isError: false };
    } catch (error) {
        if (context.signal.aborted) throw new EngineError("cancelled", "The request was cancelled.");
        const message = error instanceof ToolError ? error.message : `The tool failed: ${errorMessage(error)}`;
        return { summary, reply: `Error: ${message}`, isError: true };
    }
}

/** The call's arguments checked against a schema; a string says what is wrong. */
export function parseToolArguments<T>(text: string, schema: z.ZodType<T>): T | string {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        return `the arguments are not valid JSON (${(error as Error).message}). Send a JSON object.`;
    }
    const parsed = schema.safeParse(withoutNulls(value));
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(arguments)"}: ${issue.message}`).join("; ");
    return `invalid arguments: ${issues}.`;
}

/**
 * The embedded engine's grammar makes the model write every argument, null for the ones it
 * leaves out (see functionParamsSchema); top-level nulls therefore mean "not given".
 */
function withoutNulls(value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

function cut(text: string): string {
    if (text.length <= MAX_TOOL_ANSWER_CHARS) return text;
    return `${text.slice(0, MAX_TOOL_ANSWER_CHARS)}\n[${text.length - MAX_TOOL_ANSWER_CHARS} more characters not shown: ask for a smaller part]`;
}
