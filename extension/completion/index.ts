// Wires inline completions into the extension: the provider, the status-bar toggle, the toggle
// and manual-trigger commands, and warming the server's completion sequence when a file is
// opened or focused (so the first suggestion there does not pay for the whole prompt).
import * as vscode from "vscode";
import { CompletionWarmRequest } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import { documentContext, isExcluded } from "./document-context.ts";
import { ACCEPTED_COMMAND, GhostTextProvider } from "./provider.ts";
import { RecentFiles } from "./recent-files.ts";
import { COMPLETIONS_SECTION, enabledFor, readCompletionSettings, setGloballyEnabled, setLanguageEnabled } from "./settings.ts";
import { CompletionStatusItem } from "./status-item.ts";

export function registerCompletions(ctx: Ctx): vscode.Disposable[] {
    const recent = new RecentFiles();
    const provider = new GhostTextProvider(ctx, recent);
    const statusItem = new CompletionStatusItem();

    const warm = (editor: vscode.TextEditor | undefined) => {
        if (!editor || ctx.status.state !== "ready" || !ctx.serverRunning) return;
        const settings = readCompletionSettings();
        if (!enabledFor(settings, editor.document.languageId) || isExcluded(editor.document, settings.maxFileSize)) return;
        const around = documentContext(editor.document, editor.selection.active, recent);
        void ctx.ensureClient().then((client) => client.request(CompletionWarmRequest, around)).catch(() => undefined);
    };

    return [
        recent,
        statusItem,
        vscode.languages.registerInlineCompletionItemProvider({ pattern: "**" }, provider),
        vscode.window.onDidChangeActiveTextEditor((editor) => {
            statusItem.render();
            warm(editor);
        }),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(COMPLETIONS_SECTION)) statusItem.render();
        }),
        vscode.commands.registerCommand("gptOss.completions.toggle", async () => {
            await setGloballyEnabled(!readCompletionSettings().enabled);
        }),
        vscode.commands.registerCommand("gptOss.completions.toggleLanguage", async () => {
            const languageId = vscode.window.activeTextEditor?.document.languageId;
            if (languageId === undefined) return;
            await setLanguageEnabled(languageId, !enabledFor(readCompletionSettings(), languageId));
        }),
        vscode.commands.registerCommand("gptOss.completions.trigger", async () => {
            await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
        }),
        vscode.commands.registerCommand(ACCEPTED_COMMAND, (uri: string) => provider.prefetchAfterAccept(uri)),
        // For tests and diagnostics: how many requests the provider sent and answered itself.
        vscode.commands.registerCommand("gptOss.completions.counters", () => ({ ...provider.counters })),
    ];
}
