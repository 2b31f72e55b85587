// The status bar item: the model's state at a glance, details in the tooltip, a click opens the
// status menu. It follows the server's status notifications plus what only the extension knows
// (a download in progress, the server restarting).
import * as vscode from "vscode";
import type { EngineStatus } from "../protocol/index.ts";

export interface StatusBarView {
    status: EngineStatus;
    /** 0..1 while the extension drives a download. */
    downloadFraction: number | null;
    server: "stopped" | "running" | "restarting" | "failed";
}

export function statusText(view: StatusBarView): string {
    if (view.downloadFraction !== null) return `$(cloud-download) gpt-oss: downloading ${Math.floor(view.downloadFraction * 100)} %`;
    if (view.server === "restarting") return "$(sync~spin) gpt-oss: restarting";
    if (view.server === "failed") return "$(error) gpt-oss: server stopped";
    const { status } = view;
    switch (status.state) {
        case "not-loaded": return "$(circle-outline) gpt-oss: not loaded";
        case "downloading": return `$(cloud-download) gpt-oss: downloading ${Math.floor((status.progress ?? 0) * 100)} %`;
        case "loading": return `$(loading~spin) gpt-oss: loading ${Math.floor((status.progress ?? 0) * 100)} %`;
        case "ready": return `$(check) gpt-oss: ready (${deviceLabel(status)}, ${status.contextSize ?? "?"} ctx)`;
        case "error": return "$(error) gpt-oss: error";
    }
}

function deviceLabel(status: EngineStatus): string {
    if (status.backend === null || status.backend === "cpu") return "CPU";
    if (status.gpuNames.length > 0) return status.gpuNames.join(" + ");
    return status.backend.toUpperCase();
}

export function statusTooltip(view: StatusBarView): vscode.MarkdownString {
    const { status } = view;
    const lines: string[] = ["**gpt-oss Assistant**", ""];
    if (status.modelName) lines.push(`Model: ${status.modelName}`);
    if (status.modelPath) lines.push(`File: \`${status.modelPath}\``);
    if (status.state === "ready") {
        lines.push(`Backend: ${deviceLabel(status)} (${status.backend ?? "cpu"}), GPU layers ${status.gpuLayers ?? 0}, threads ${status.threads ?? "?"}`);
        lines.push(`Context: ${status.contextSize} tokens`);
        if (status.tokensPerSecond !== null) lines.push(`Last generation: ${status.tokensPerSecond.toFixed(1)} tokens/s`);
    }
    if (status.notice) lines.push(`Note: ${status.notice}`);
    if (status.error) lines.push(`Error: ${status.error.message}`);
    if (view.server === "failed") lines.push("The language server stopped after repeated crashes.");
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
