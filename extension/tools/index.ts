// The user's own tools (MCP servers, other extensions' lm tools): the commands to choose them,
// import them from .vscode/mcp.json and set their secrets, and what a task sends the server.
import * as vscode from "vscode";
import type { ExternalToolSettings } from "../../protocol/index.ts";
import { ChatUserTools } from "./chat-user-tools.ts";
import type { Ctx } from "../ctx.ts";
import { importMcpServers, setMcpSecret } from "./import-mcp-json.ts";
import { ToolSecrets } from "./tool-secrets.ts";
import { toolsForRequest, type ToolsForRequest } from "./tool-settings.ts";
import { ToolState } from "./tool-state.ts";
import { chooseTools } from "./tools-quick-pick.ts";

export { userToolRequestHandlers } from "./request-handlers.ts";

let chatTools: ChatUserTools | null = null;

/** The user's tools a chat turn offers now (gptOss.tools.inChat); undefined when none. */
export function userToolsForChat(): ExternalToolSettings | undefined {
    return chatTools?.get();
}

export function registerUserTools(ctx: Ctx): vscode.Disposable[] {
    const state = new ToolState(ctx.extension.workspaceState);
    const secrets = new ToolSecrets(ctx.extension.secrets);
    const chat = new ChatUserTools(state, secrets, ctx.extension.secrets, ctx.output);
    chatTools = chat;
    const guarded = (run: () => Promise<void>) => () => run().catch((error: unknown) => ctx.reportError(error)).finally(() => chat.refresh());
    return [
        chat,
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
