// The server's questions about the user's tools, answered in the extension host: may this tool
// run (the approval dialog), and run this lm tool (vscode.lm.invokeTool).
import type * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { LmToolInvokeRequest, parseOrThrow, ToolApproveRequest } from "../../protocol/index.ts";
import { invokeLmTool } from "./lm-tool-bridge.ts";
import { askToRunTool } from "./tool-approval.ts";
import { ToolState } from "./tool-state.ts";

export function userToolRequestHandlers(client: LanguageClient, extension: vscode.ExtensionContext): vscode.Disposable[] {
    const state = new ToolState(extension.workspaceState);
    return [
        client.onRequest(ToolApproveRequest.method, (params: unknown) =>
            askToRunTool(parseOrThrow(ToolApproveRequest.params, params, ToolApproveRequest.method, "params"), state)),
        client.onRequest(LmToolInvokeRequest.method, (params: unknown, token: vscode.CancellationToken) => {
            const { name, input } = parseOrThrow(LmToolInvokeRequest.params, params, LmToolInvokeRequest.method, "params");
            return invokeLmTool(name, input, token);
        }),
    ];
}
