// The user's own tools (MCP servers, other extensions' lm tools): the commands to choose them,
// import them from .vscode/mcp.json and set their secrets, and what a task sends the server.
import * as vscode from "vscode";
import type { Ctx } from "../ctx.ts";
import { importMcpServers, setMcpSecret } from "./import-mcp-json.ts";
import { ToolSecrets } from "./tool-secrets.ts";
import { toolsForRequest, type ToolsForRequest } from "./tool-settings.ts";
import { ToolState } from "./tool-state.ts";
import { chooseTools } from "./tools-quick-pick.ts";

export { userToolRequestHandlers } from "./request-handlers.ts";

export function registerUserTools(ctx: Ctx): vscode.Disposable[] {
    const state = new ToolState(ctx.extension.workspaceState);
    const secrets = new ToolSecrets(ctx.extension.secrets);
    const guarded = (run: () => Promise<void>) => () => run().catch((error: unknown) => ctx.reportError(error));
    return [
        vscode.commands.registerCommand("gptOss.tools.choose", guarded(() => chooseTools(ctx, state, secrets))),
        vscode.commands.registerCommand("gptOss.tools.importMcpJson", guarded(() => importMcpServers(secrets, ctx.output))),
        vscode.commands.registerCommand("gptOss.tools.setSecret", guarded(() => setMcpSecret(secrets))),
    ];
}

/** The user's tools for one agent task (null: none configured); problems go to the log. */
export async function userToolsForTask(ctx: Ctx): Promise<ToolsForRequest | null> {
    const found = await toolsForRequest(new ToolState(ctx.extension.workspaceState), new ToolSecrets(ctx.extension.secrets));
    for (const problem of found?.problems ?? []) ctx.output.warn(problem);
    return found;
}
