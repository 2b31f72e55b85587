// Activation is cheap on purpose: commands and the status bar only. The language server and
// the model start the first time something needs them (or at start-up when the user asks).
import * as vscode from "vscode";
import { Ctx } from "./ctx.ts";
import { registerCommands } from "./commands.ts";
import { registerCompletions } from "./completion/index.ts";
import { registerChatView } from "./chat/chat-view-provider.ts";
import { registerAgent } from "./agent/index.ts";
import { registerLanguageModelFeatures } from "./lm/index.ts";
import { registerUserTools } from "./tools/index.ts";
import { MODEL_SETTINGS, readSettings, SANDBOX_SETTINGS } from "./settings.ts";

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
    ctx = new Ctx(context);
    const current = ctx;
    context.subscriptions.push(...registerCommands(current));
    context.subscriptions.push(...registerCompletions(current));
    context.subscriptions.push(...registerChatView(current));
    context.subscriptions.push(...registerAgent(current));
    context.subscriptions.push(...registerLanguageModelFeatures(current));
    context.subscriptions.push(...registerUserTools(current));
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
        // A model setting changed while a model is loaded (or failed): load what it names now,
        // unless the extension wrote it itself (Choose Model loads once, after all its writes).
        const affected = MODEL_SETTINGS.some((key) => event.affectsConfiguration(key));
        if (affected && (current.status.state === "ready" || current.status.state === "error")) current.modelSettingsChanged();
        if (SANDBOX_SETTINGS.some((key) => event.affectsConfiguration(key))) void current.configureSandbox();
    }));
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void current.configureSandbox()));
    try {
        if (readSettings().loadOnStartup) void current.loadModel();
    } catch (error) {
        current.reportError(error);
    }
}

export async function deactivate(): Promise<void> {
    await ctx?.dispose();
    ctx = undefined;
}
