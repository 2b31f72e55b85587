// The user's own tools for one agent task or chat turn: every tool of the configured MCP servers
// and every allowed lm tool, minus those turned off in the workspace, cut to the schema budget.
// Each becomes an AgentTool under a name harmony can take (mcp_<server>_<tool>, mapped both ways
// with the shared ToolNames table); a tool that can change anything asks the user first, with
// the exact arguments. Failures (a server that will not start, dies or times out) become text
// the model reads, so the task goes on.
import { z } from "zod";
import {
    ToolNames, type ExternalToolSettings, type LmToolInfo, type ToolApproveParams, type ToolApproveResult, type ToolDefinition,
} from "../../../../protocol/index.ts";
import type { Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import { McpCallError, type McpConnection } from "../../../mcp/mcp-connection.ts";
import type { McpHub } from "../../../mcp/mcp-hub.ts";
import { capText, toolResultText } from "../../../mcp/tool-result-text.ts";
import { log } from "../../../log.ts";
import { ToolError, type AgentTool } from "../../tool.ts";
import { isReadOnly, needsApproval, type ApprovalPolicy } from "./approval-rules.ts";
import { cutToBudget, omittedNote } from "./tool-budget.ts";

/** A description longer than this is cut: some servers put whole manuals there. */
const MAX_DESCRIPTION_CHARS = 1_000;

export interface ExternalToolHost {
    readonly hub: McpHub;
    /** Asks the user (the editor's dialog) whether a tool may run with these arguments. */
    approve(params: ToolApproveParams): Promise<ToolApproveResult>;
    /** Invokes an lm tool in the extension host. */
    invokeLm(name: string, input: Record<string, unknown>, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
}

export interface ExternalTools {
    tools: AgentTool[];
    /** For the model: which tools were left out to fit the budget; null when none were. */
    modelNote: string | null;
    /** For the user (progress, transcript): servers that did not start, tools left out. */
    notices: string[];
}

interface Candidate {
    id: string;
    definition: ToolDefinition;
    build(definition: ToolDefinition): AgentTool<Record<string, unknown>>;
}

const ToolArguments = z.record(z.string(), z.unknown());

export async function externalTools(
    settings: ExternalToolSettings, host: ExternalToolHost, instruction: string, reservedNames: readonly string[], signal: AbortSignal,
): Promise<ExternalTools> {
    const notices: string[] = [];
    const disabled = new Set(settings.disabled);
    const allowedThisTask = new Set<string>();
    const policy: ApprovalPolicy = { alwaysAllow: settings.alwaysAllow, readOnly: settings.readOnly };
    const timeoutMs = settings.callTimeoutSeconds * 1000;

    const listed = await Promise.all(host.hub.sync(settings.mcpServers).map(async (connection) => {
        try {
            return { connection, tools: await connection.tools(signal) };
        } catch (error) {
            if (signal.aborted) throw error;
            notices.push(`The tools of MCP server "${connection.name}" are not offered: ${error instanceof Error ? error.message : String(error)}`);
            return { connection, tools: [] as McpTool[] };
        }
    }));

    const raw: Array<{ id: string; callerName: string; make: (name: string) => Candidate }> = [];
    for (const { connection, tools } of listed) {
        for (const tool of tools) {
            const id = `mcp:${connection.name}/${tool.name}`;
            if (disabled.has(id)) continue;
            raw.push({ id, callerName: `mcp_${connection.name}_${tool.name}`, make: (name) => mcpCandidate(id, name, connection, tool) });
        }
    }
    for (const tool of settings.lmTools) {
        const id = `lm:${tool.name}`;
        if (disabled.has(id)) continue;
        raw.push({ id, callerName: tool.name, make: (name) => lmCandidate(id, name, tool) });
    }

    // Built-in names first, so a user's tool can never take one of them.
    const names = new ToolNames([...reservedNames, ...raw.map((entry) => entry.callerName)]);
    const candidates = raw.map((entry) => entry.make(names.engineName(entry.callerName)));
    const { kept, omitted } = cutToBudget(candidates, instruction, settings.schemaBudgetTokens);
    if (omitted.length > 0) {
        notices.push(`${omitted.length} of your tools did not fit the tool budget (gptOss.tools.schemaBudgetTokens: ${settings.schemaBudgetTokens}) and were left out: ${omitted.map((entry) => entry.id).join(", ")}`);
    }
    // Names only (never arguments, env or headers): what this task offers, for the log.
    log.info(`user tools offered: ${kept.length === 0 ? "none" : kept.map((entry) => entry.id).join(", ")}${disabled.size > 0 ? `; turned off here: ${disabled.size}` : ""}`);
    return {
        tools: kept.map((candidate) => candidate.build(candidate.definition)),
        modelNote: omittedNote(omitted.map((entry) => entry.definition.name)),
        notices,
    };

    function mcpCandidate(id: string, name: string, connection: McpConnection, tool: McpTool): Candidate {
        const readOnly = isReadOnly({ id, readOnlyHint: tool.annotations?.readOnlyHint === true }, policy);
        const definition: ToolDefinition = {
            name,
            description: describeTool(tool.description ?? tool.title ?? "", `MCP server ${connection.name}`, readOnly),
            parameters: parametersOf(tool.inputSchema),
        };
        return {
            id, definition,
            build: (shown): AgentTool<Record<string, unknown>> => ({
                definition: shown,
                args: ToolArguments,
                describe: () => `calling ${tool.name} (MCP ${connection.name})`,
                async run(args, context) {
                    await askFirst({ id, readOnlyHint: tool.annotations?.readOnlyHint === true }, { toolId: id, source: "mcp", origin: connection.name, name: tool.name, description: tool.description ?? "", arguments: JSON.stringify(args, null, 2) });
                    let result;
                    try {
                        result = await connection.call(tool.name, args, timeoutMs, context.signal);
                    } catch (error) {
                        if (error instanceof McpCallError) throw new ToolError(error.message);
                        throw error;
                    }
                    const text = toolResultText(result, settings.maxOutputBytes);
                    if (result.isError === true) throw new ToolError(`${tool.name} reported an error: ${text}`);
                    return text;
                },
            }),
        };
    }

    function lmCandidate(id: string, name: string, tool: LmToolInfo): Candidate {
        const readOnly = isReadOnly({ id, readOnlyHint: false }, policy);
        const definition: ToolDefinition = { name, description: describeTool(tool.description, "VS Code extension tool", readOnly), parameters: parametersOf(tool.inputSchema) };
        return {
            id, definition,
            build: (shown): AgentTool<Record<string, unknown>> => ({
                definition: shown,
                args: ToolArguments,
                describe: () => `calling ${tool.name} (VS Code tool)`,
                async run(args, context) {
                    await askFirst({ id, readOnlyHint: false }, { toolId: id, source: "lm", origin: tool.name, name: tool.name, description: tool.description, arguments: JSON.stringify(args, null, 2) });
                    const answer = await withTimeout(host.invokeLm(tool.name, args, context.signal), timeoutMs, `The VS Code tool ${tool.name} did not answer within ${settings.callTimeoutSeconds} s.`);
                    const text = capText(answer.text, settings.maxOutputBytes);
                    if (answer.isError) throw new ToolError(`${tool.name} reported an error: ${text}`);
                    return text;
                },
            }),
        };
    }

    async function askFirst(facts: { id: string; readOnlyHint: boolean }, params: ToolApproveParams): Promise<void> {
        if (!needsApproval(facts, policy, allowedThisTask)) return;
        const answer = await host.approve(params);
        if (!answer.approved) throw new ToolError(`The user did not allow ${params.name} to run with these arguments. Do not call it again with the same arguments; carry on without it or ask for something else.`);
        if (answer.always) allowedThisTask.add(facts.id);
    }
}

function describeTool(description: string, origin: string, readOnly: boolean): string {
    const text = description.trim().length > MAX_DESCRIPTION_CHARS ? `${description.trim().slice(0, MAX_DESCRIPTION_CHARS)}…` : description.trim();
    return `${text}${text === "" ? "" : " "}(${origin}${readOnly ? ", read-only" : ", asks the user before it runs"})`;
}

/** The tool's input schema as the engine takes it: an object schema without `$schema`. */
function parametersOf(schema: Record<string, unknown> | undefined): Record<string, unknown> {
    if (schema === undefined) return { type: "object", properties: {} };
    const { $schema: _dropped, ...rest } = schema;
    return { ...rest, type: "object", properties: rest.properties ?? {} };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new ToolError(message)), ms); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
