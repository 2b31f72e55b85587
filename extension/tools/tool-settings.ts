// The gptOss.tools.* settings and this workspace's choices, turned into what the server gets
// with a task or chat turn: MCP servers with their secrets filled in, the lm tools the settings
// allow (as vscode.lm.tools describes them), turned-off and always-allowed tools, and limits.
import * as vscode from "vscode";
import { z } from "zod";
import { ExternalToolSettings, type LmToolInfo } from "../../protocol/index.ts";
import { checkedSettings, SECTION } from "../settings.ts";
import { readMcpServers, resolveMcpServers } from "./mcp-servers-setting.ts";
import type { ToolSecrets } from "./tool-secrets.ts";
import type { ToolState } from "./tool-state.ts";

const ToolsSettings = z.object({
    languageModelTools: z.record(z.string(), z.boolean()),
    inChat: z.boolean(),
    readOnly: z.array(z.string()),
    schemaBudgetTokens: ExternalToolSettings.shape.schemaBudgetTokens.unwrap(),
    callTimeoutSeconds: ExternalToolSettings.shape.callTimeoutSeconds.unwrap(),
    maxOutputBytes: ExternalToolSettings.shape.maxOutputBytes.unwrap(),
});

export function readToolsSettings() {
    const config = vscode.workspace.getConfiguration(SECTION);
    return checkedSettings(ToolsSettings, {
        languageModelTools: config.get("tools.languageModelTools"),
        inChat: config.get("tools.inChat"),
        readOnly: config.get("tools.readOnly"),
        schemaBudgetTokens: config.get("tools.schemaBudgetTokens"),
        callTimeoutSeconds: config.get("tools.callTimeoutSeconds"),
        maxOutputBytes: config.get("tools.maxOutputBytes"),
    }, { what: "gpt-oss tool settings", keyPrefix: "gptOss.tools." });
}

/** The configured MCP servers as written (no secrets filled in), with the entries that are wrong. */
export function configuredMcpServers() {
    return readMcpServers(vscode.workspace.getConfiguration(SECTION).get("tools.mcpServers"));
}

/** The lm tools of other extensions that gptOss.tools.languageModelTools turns on. */
export function allowedLmTools(allowed: Readonly<Record<string, boolean>>): LmToolInfo[] {
    return vscode.lm.tools
        .filter((tool) => allowed[tool.name] === true && !tool.name.startsWith("gptOss_"))
        .map((tool) => ({
            name: tool.name, description: tool.description, tags: [...tool.tags],
            ...(tool.inputSchema && typeof tool.inputSchema === "object" ? { inputSchema: tool.inputSchema as Record<string, unknown> } : {}),
        }));
}

export interface ToolsForRequest {
    tools: ExternalToolSettings;
    /** The settings held a secret that was filled in: send with tracing paused. */
    carriesSecret: boolean;
    /** Servers left out (bad entries, missing secrets), for the log and a notice. */
    problems: string[];
}

/** What the server gets for one task; null when nothing is configured. */
export async function toolsForRequest(state: ToolState, secrets: ToolSecrets): Promise<ToolsForRequest | null> {
    const settings = readToolsSettings();
    const configured = configuredMcpServers();
    const lmTools = allowedLmTools(settings.languageModelTools);
    if (Object.keys(configured.servers).length === 0 && lmTools.length === 0) return configured.errors.length > 0 ? { tools: ExternalToolSettings.parse({}), carriesSecret: false, problems: configured.errors } : null;
    let carriesSecret = false;
    const resolved = await resolveMcpServers(configured.servers, {
        workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        env: process.env,
        secret: async (name) => {
            carriesSecret = true;
            return secrets.get(name);
        },
    });
    return {
        tools: ExternalToolSettings.parse({
            mcpServers: resolved.servers, lmTools, disabled: state.disabled, alwaysAllow: state.alwaysAllow, readOnly: settings.readOnly,
            schemaBudgetTokens: settings.schemaBudgetTokens, callTimeoutSeconds: settings.callTimeoutSeconds, maxOutputBytes: settings.maxOutputBytes,
        }),
        carriesSecret,
        problems: [...configured.errors, ...resolved.errors],
    };
}
