// "gpt-oss: Choose Tools…": one list of every tool of the user's (each configured MCP server's,
// started if it was not, and each lm tool the settings allow), with its source, description and
// read-only mark; the checked ones are offered to agent tasks (and chat) in this workspace.
import * as vscode from "vscode";
import { ToolsListRequest, type ExternalToolListing } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import { resolveMcpServers } from "./mcp-servers-setting.ts";
import type { ToolSecrets } from "./tool-secrets.ts";
import { allowedLmTools, configuredMcpServers, readToolsSettings } from "./tool-settings.ts";
import type { ToolState } from "./tool-state.ts";

interface ToolItem extends vscode.QuickPickItem { id: string }

export async function chooseTools(ctx: Ctx, state: ToolState, secrets: ToolSecrets): Promise<void> {
    const settings = readToolsSettings();
    const configured = configuredMcpServers();
    const problems = [...configured.errors];
    const listings: ExternalToolListing[] = [];
    if (Object.keys(configured.servers).length > 0) {
        const resolved = await resolveMcpServers(configured.servers, { workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, env: process.env, secret: (name) => Promise.resolve(secrets.get(name)) });
        problems.push(...resolved.errors);
        const client = await ctx.ensureClient();
        const answer = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: "gpt-oss: asking the MCP servers for their tools", cancellable: true },
            (_progress, token) => {
                const abort = new AbortController();
                token.onCancellationRequested(() => abort.abort());
                return ctx.withoutTrace(() => client.request(ToolsListRequest, { mcpServers: resolved.servers }, abort.signal));
            },
        );
        listings.push(...answer.tools);
        problems.push(...answer.errors.map((error) => error.message));
    }
    const tags = new Map<string, string[]>();
    for (const tool of allowedLmTools(settings.languageModelTools)) {
        listings.push({ id: `lm:${tool.name}`, source: "lm", origin: tool.name, name: tool.name, description: tool.description, readOnly: false });
        tags.set(`lm:${tool.name}`, tool.tags);
    }
    for (const problem of problems) ctx.output.warn(problem);
    if (listings.length === 0) {
        const choice = await vscode.window.showInformationMessage(
            problems.length > 0 ? `gpt-oss: no tools to choose from. ${problems[0]}` : "gpt-oss: no tools are configured. Add MCP servers in gptOss.tools.mcpServers (or import .vscode/mcp.json), or allow VS Code tools in gptOss.tools.languageModelTools.",
            "Import MCP Servers", "Open Settings",
        );
        if (choice === "Import MCP Servers") await vscode.commands.executeCommand("gptOss.tools.importMcpJson");
        if (choice === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "gptOss.tools");
        return;
    }
    const disabled = new Set(state.disabled);
    const readOnly = new Set(settings.readOnly);
    const items: ToolItem[] = listings.map((tool) => ({
        id: tool.id,
        label: tool.name,
        description: `${tool.source === "mcp" ? `MCP: ${tool.origin}` : `VS Code tool${tags.get(tool.id)?.length ? ` (${tags.get(tool.id)!.join(", ")})` : ""}`}${tool.readOnly || readOnly.has(tool.id) ? " · read-only" : ""}`,
        detail: tool.description,
        picked: !disabled.has(tool.id),
    }));
    const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true, matchOnDescription: true, matchOnDetail: true,
        title: "gpt-oss: tools offered in this workspace",
        placeHolder: problems.length > 0 ? `Checked tools are offered to agent tasks. (${problems.length} problem(s): see the gpt-oss log)` : "Checked tools are offered to agent tasks",
    });
    if (picked === undefined) return;
    const on = new Set(picked.map((item) => item.id));
    // Tools not listed now (a server that is down) keep their choice.
    const offNow = items.filter((item) => !on.has(item.id)).map((item) => item.id);
    const keep = [...disabled].filter((id) => !items.some((item) => item.id === id));
    await state.setDisabled([...keep, ...offNow]);
}
