// What a tool of the agent is: a name and description the model reads, arguments as a zod schema
// (sent to the model as JSON schema, enforced as a grammar by the embedded engine, and checked
// again here because a remote server may not enforce it), and a run that returns text for the
// model. A failure the model should see and react to is a ToolError; anything else is a bug.
import { z } from "zod";
import type { ToolDefinition } from "../../protocol/index.ts";

export interface ToolContext {
    readonly signal: AbortSignal;
    /** A short line for the progress notification ("reading src/a.ts"). */
    report(message: string): void;
    /** An untrusted workspace: tools that run or fetch anything refuse. */
    readonly trusted: boolean;
}

export interface AgentTool<Args = unknown> {
    readonly definition: ToolDefinition;
    readonly args: z.ZodType<Args>;
    /** The progress line for one call, e.g. "reading src/a.ts". */
    describe(args: Args): string;
    /** The text the model reads as the tool's answer. */
    run(args: Args, context: ToolContext): Promise<string>;
}

/** A failure the model is told about (file not found, fetch refused...), not a crash. */
export class ToolError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ToolError";
    }
}

export function defineTool<Schema extends z.ZodObject>(tool: {
    name: string;
    description: string;
    args: Schema;
    describe(args: z.infer<Schema>): string;
    run(args: z.infer<Schema>, context: ToolContext): Promise<string>;
}): AgentTool<z.infer<Schema>> {
    const { $schema: _dropped, ...parameters } = z.toJSONSchema(tool.args, { io: "input" }) as Record<string, unknown>;
    return {
        definition: { name: tool.name, description: tool.description, parameters },
        args: tool.args as unknown as z.ZodType<z.infer<Schema>>,
        describe: tool.describe,
        run: tool.run,
    };
}
