// "gpt-oss: Import MCP Servers from .vscode/mcp.json": reads VS Code's own MCP configuration of
// the workspace, asks for each ${input:…} value (hidden when VS Code would hide it), keeps every
// secret in SecretStorage, and adds the servers to gptOss.tools.mcpServers of this workspace.
// A server of the same name that is already configured is replaced only if the user says so.
import * as vscode from "vscode";
import type { McpServerConfig } from "../../protocol/index.ts";
import { SECTION } from "../settings.ts";
import { importMcpJson, McpJsonError } from "./mcp-json-import.ts";
import type { ToolSecrets } from "./tool-secrets.ts";

export async function importMcpServers(secrets: ToolSecrets, output: vscode.LogOutputChannel): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
        void vscode.window.showInformationMessage("gpt-oss: open a folder first; its .vscode/mcp.json is what gets imported.");
        return;
    }
    const file = vscode.Uri.joinPath(folder.uri, ".vscode", "mcp.json");
    let text: string;
    try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
        void vscode.window.showInformationMessage(`gpt-oss: there is no ${vscode.workspace.asRelativePath(file)} in this workspace.`);
        return;
    }
    let imported;
    try {
        imported = importMcpJson(text);
    } catch (error) {
        if (error instanceof McpJsonError) {
            void vscode.window.showErrorMessage(`gpt-oss: ${error.message}`);
            return;
        }
        throw error;
    }
    const config = vscode.workspace.getConfiguration(SECTION);
    const current = config.inspect<Record<string, unknown>>("tools.mcpServers")?.workspaceValue ?? {};
    const clashes = Object.keys(imported.servers).filter((name) => name in current);
    let servers: Record<string, McpServerConfig> = imported.servers;
    if (clashes.length > 0) {
        const choice = await vscode.window.showWarningMessage(`gpt-oss: ${clashes.join(", ")} ${clashes.length === 1 ? "is" : "are"} already configured.`, { modal: true }, "Replace", "Keep Mine");
        if (choice === undefined) return;
        if (choice === "Keep Mine") servers = Object.fromEntries(Object.entries(servers).filter(([name]) => !clashes.includes(name)));
    }
    const names = new Set(Object.keys(servers));
    for (const secret of imported.secrets) {
        if (![...names].some((name) => secret.name.startsWith(`${name}.`))) continue;
        if ("value" in secret) {
            await secrets.set(secret.name, secret.value);
            continue;
        }
        const value = await vscode.window.showInputBox({ title: "gpt-oss: MCP server secret", prompt: secret.ask.prompt, password: secret.ask.password, ignoreFocusOut: true });
        if (value === undefined) {
            void vscode.window.showInformationMessage("gpt-oss: import cancelled; nothing was changed.");
            return;
        }
        await secrets.set(secret.name, value);
    }
    await config.update("tools.mcpServers", { ...current, ...servers }, vscode.ConfigurationTarget.Workspace);
    for (const skipped of imported.skipped) output.warn(`MCP import: ${skipped.name} was not imported: ${skipped.reason}`);
    const skippedNote = imported.skipped.length > 0 ? ` Not imported: ${imported.skipped.map((entry) => `${entry.name} (${entry.reason})`).join("; ")}.` : "";
    void vscode.window.showInformationMessage(`gpt-oss: imported ${names.size} MCP ${names.size === 1 ? "server" : "servers"} (${[...names].join(", ") || "none"}); secrets are in the OS keychain.${skippedNote}`);
}

/** "gpt-oss: Set MCP Secret…": sets (or, empty, removes) one `${secret:NAME}` value. */
export async function setMcpSecret(secrets: ToolSecrets): Promise<void> {
    const name = await vscode.window.showInputBox({ title: "gpt-oss: MCP secret", prompt: "The NAME of ${secret:NAME} in gptOss.tools.mcpServers", validateInput: (value) => /^[A-Za-z0-9_.-]+$/.test(value) ? null : "Letters, digits, '_', '.' and '-' only" });
    if (name === undefined) return;
    const value = await vscode.window.showInputBox({ title: `gpt-oss: value of ${name}`, prompt: "Kept in the OS keychain; empty removes it", password: true, ignoreFocusOut: true });
    if (value === undefined) return;
    await secrets.set(name, value);
}
