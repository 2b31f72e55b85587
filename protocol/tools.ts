// Messages about the user's own tools: MCP servers (in the shape of VS Code's mcp.json entries)
// and the language-model tools other extensions registered (vscode.lm.tools). The extension
// sends what is configured and turned on with each task; the server runs the MCP client, asks
// the editor before a tool that can change anything runs, and asks it to invoke lm tools.
import { z } from "zod";
import { defineRequest } from "./define.ts";

/** An MCP server started as a child process, talking over stdin/stdout (mcp.json "stdio"). */
export const McpStdioServer = z.object({
    type: z.literal("stdio").optional(),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Added to the environment the server inherits; values may be `${secret:NAME}` in settings. */
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
}).strict();
export type McpStdioServer = z.infer<typeof McpStdioServer>;

/** An MCP server reached over streamable HTTP (mcp.json "http"). */
export const McpHttpServer = z.object({
    type: z.literal("http"),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
}).strict();
export type McpHttpServer = z.infer<typeof McpHttpServer>;

export const McpServerConfig = z.union([McpHttpServer, McpStdioServer]);
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/** Server names become part of tool ids and names the model sees: short, no odd characters. */
export const McpServerName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, "a server name is 1-40 letters, digits, '_', '.' or '-', starting with a letter or digit");

/** A tool another extension registered with vscode.lm.registerTool, as the server offers it. */
export const LmToolInfo = z.object({
    name: z.string().min(1),
    description: z.string(),
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).default([]),
});
export type LmToolInfo = z.infer<typeof LmToolInfo>;

/**
 * The user's tools for one task or chat turn. Tool ids are `mcp:<server>/<tool>` and
 * `lm:<name>`; the lists below name tools by id.
 */
export const ExternalToolSettings = z.object({
    /** MCP servers by name, secrets already filled in by the extension (never logged). */
    mcpServers: z.record(McpServerName, McpServerConfig).default({}),
    /** lm tools the user allowed in settings, with what vscode.lm.tools says about them. */
    lmTools: z.array(LmToolInfo).default([]),
    /** Tools turned off in this workspace (the quick pick). */
    disabled: z.array(z.string()).default([]),
    /** Tools that run without asking (the user chose "always allow"). */
    alwaysAllow: z.array(z.string()).default([]),
    /** Tools the user marked read-only (runs without asking, like readOnlyHint). */
    readOnly: z.array(z.string()).default([]),
    /** Most estimated tokens all of these tools' definitions may take in the prompt. */
    schemaBudgetTokens: z.number().int().min(100).max(100_000).default(3_000),
    /** Longest one tool call may take. */
    callTimeoutSeconds: z.number().int().min(1).max(3_600).default(60),
    /** Most bytes of one tool result the model reads (head and tail kept, as in the sandbox). */
    maxOutputBytes: z.number().int().min(1_000).max(1_000_000).default(16_000),
});
export type ExternalToolSettings = z.infer<typeof ExternalToolSettings>;

export const ExternalToolSource = z.enum(["mcp", "lm"]);

/** One tool as the quick pick lists it. */
export const ExternalToolListing = z.object({
    id: z.string(),
    source: ExternalToolSource,
    /** The MCP server's name, or the lm tool's name. */
    origin: z.string(),
    name: z.string(),
    description: z.string(),
    readOnly: z.boolean(),
});
export type ExternalToolListing = z.infer<typeof ExternalToolListing>;

/** client → server: the tools of the configured MCP servers (starting them if needed), and each server's failure. */
export const ToolsListRequest = defineRequest("gptoss/tools/list", z.object({ mcpServers: ExternalToolSettings.shape.mcpServers }), z.object({
    tools: z.array(ExternalToolListing),
    errors: z.array(z.object({ server: z.string(), message: z.string() })),
}));

export const ToolApproveParams = z.object({
    toolId: z.string(),
    source: ExternalToolSource,
    origin: z.string(),
    name: z.string(),
    description: z.string(),
    /** The exact arguments, as pretty JSON: what the tool will receive. */
    arguments: z.string(),
});
export type ToolApproveParams = z.infer<typeof ToolApproveParams>;

export const ToolApproveResult = z.object({
    approved: z.boolean(),
    /** The user chose "always allow" for this tool (the extension stored it). */
    always: z.boolean().default(false),
});
export type ToolApproveResult = z.infer<typeof ToolApproveResult>;

/** server → client: may this tool, which can change things, run with these arguments? Closing the dialog is a no. */
export const ToolApproveRequest = defineRequest("gptoss/tools/approve", ToolApproveParams, ToolApproveResult, "server-to-client");

/** server → client: invoke an lm tool in the extension host (vscode.lm.invokeTool) and return its text. */
export const LmToolInvokeRequest = defineRequest("gptoss/tools/invokeLm", z.object({
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
}), z.object({ text: z.string(), isError: z.boolean().default(false) }), "server-to-client");
