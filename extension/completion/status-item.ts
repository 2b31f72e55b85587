// The status-bar toggle for completions: shows whether ghost text is on for the active editor's
// language; a click turns completions on or off everywhere.
import * as vscode from "vscode";
import { enabledFor, readCompletionSettings } from "./settings.ts";

export class CompletionStatusItem implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem("gptOss.completions", vscode.StatusBarAlignment.Right, 99);

    constructor() {
        this.item.name = "gpt-oss Completions";
        this.item.command = "gptOss.completions.toggle";
        this.render();
        this.item.show();
    }

    render(): void {
        const settings = readCompletionSettings();
        const languageId = vscode.window.activeTextEditor?.document.languageId;
        const on = languageId === undefined ? settings.enabled : enabledFor(settings, languageId);
        this.item.text = on ? "$(sparkle) gpt-oss" : "$(circle-slash) gpt-oss";
        const where = !settings.enabled ? "off everywhere" : on ? `on${languageId ? ` for ${languageId}` : ""}` : `off for ${languageId}`;
        this.item.tooltip = `gpt-oss inline completions: ${where}. Click to turn them ${settings.enabled ? "off" : "on"} everywhere; ` +
            "\"gpt-oss: Toggle Completions for This Language\" for one language; Alt+\\ asks for one now.";
    }

    dispose(): void {
        this.item.dispose();
    }
}
