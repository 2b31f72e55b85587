// The status bar item: the model's state at a glance, details in the tooltip, a click opens the
// status menu. It follows the server's status notifications plus what only the extension knows
// (a download in progress, the server restarting).
import * as vscode from "vscode";
import { deviceLabel, placementLine, speedLine, statusText, type StatusBarView } from "./status-text.ts";

export type { StatusBarView };

export function statusTooltip(view: StatusBarView): vscode.MarkdownString {
    const { status } = view;
    const lines: string[] = ["**gpt-oss Assistant**", ""];
    if (status.modelName) lines.push(`Model: ${status.modelName}`);
    if (status.modelPath) lines.push(status.backend === "remote" ? `Endpoint: \`${status.modelPath}\`` : `File: \`${status.modelPath}\``);
    if (status.state === "ready" && status.backend === "remote") {
        if (typeof status.latencyMs === "number") lines.push(`Latency: ${Math.round(status.latencyMs)} ms to the first byte of the last answer`);
        if (status.contextSize !== null) lines.push(`Context: ${status.contextSize} tokens (as the endpoint reports)`);
        const speed = speedLine(status);
        if (speed) lines.push(speed);
    } else if (status.state === "ready") {
        lines.push(`Backend: ${deviceLabel(status)} (${status.backend ?? "cpu"}), GPU layers ${status.gpuLayers ?? 0}, threads ${status.threads ?? "?"}`);
        lines.push(`Context: ${status.contextSize} tokens`);
        const placement = placementLine(status);
        if (placement) lines.push(placement);
        if (status.completionModelName) lines.push(`Inline completions: ${status.completionModelName} (fill-in-the-middle)`);
        const speed = speedLine(status);
        if (speed) lines.push(speed);
    }
    if (status.notice) lines.push(`Note: ${status.notice}`);
    if (status.error) lines.push(`Error: ${status.error.message}`);
    if (view.server === "failed") lines.push("The language server stopped after repeated crashes.");
    if (view.sandboxSummary) lines.push(`Code execution: ${view.sandboxSummary}`);
    lines.push("", "[Show Log](command:gptOss.showLog) · [Restart Server](command:gptOss.restartServer)");
    const tooltip = new vscode.MarkdownString(lines.join("  \n"));
    tooltip.isTrusted = { enabledCommands: ["gptOss.showLog", "gptOss.restartServer"] };
    return tooltip;
}

export class StatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem("gptOss.status", vscode.StatusBarAlignment.Right, 100);

    constructor() {
        this.item.name = "gpt-oss";
        this.item.command = "gptOss.showStatusMenu";
    }

    render(view: StatusBarView): void {
        this.item.text = statusText(view);
        this.item.tooltip = statusTooltip(view);
        const failing = view.server === "failed" || (view.status.state === "error" && view.downloadFraction === null);
        this.item.backgroundColor = failing ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
        this.item.accessibilityInformation = { label: statusText(view).replace(/\$\([^)]*\)\s*/g, ""), role: "button" };
        this.item.show();
    }

    dispose(): void {
        this.item.dispose();
    }
}
