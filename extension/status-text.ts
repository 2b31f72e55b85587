// What the status bar says for each state, kept free of the vscode API so it is unit-tested.
import type { EngineStatus } from "../protocol/index.ts";

export interface StatusBarView {
    status: EngineStatus;
    /** 0..1 while the extension drives a download. */
    downloadFraction: number | null;
    server: "stopped" | "running" | "restarting" | "failed";
    /** Which code-execution mode is in force and why (from the server's sandbox). */
    sandboxSummary: string | null;
}

export function statusText(view: StatusBarView): string {
    if (view.downloadFraction !== null) return `$(cloud-download) gpt-oss: downloading ${Math.floor(view.downloadFraction * 100)} %`;
    if (view.server === "restarting") return "$(sync~spin) gpt-oss: restarting";
    if (view.server === "failed") return "$(error) gpt-oss: server stopped";
    const { status } = view;
    switch (status.state) {
        case "not-loaded": return "$(circle-outline) gpt-oss: not loaded";
        case "downloading": return `$(cloud-download) gpt-oss: downloading ${Math.floor((status.progress ?? 0) * 100)} %`;
        case "loading":
            if (status.backend === "remote") return "$(loading~spin) gpt-oss: connecting";
            return `$(loading~spin) gpt-oss: loading ${Math.floor((status.progress ?? 0) * 100)} %`;
        case "ready":
            // Remote: which backend, and how long the endpoint took to start answering last time.
            if (status.backend === "remote") return `$(remote) gpt-oss: ready (remote${typeof status.latencyMs === "number" ? `, ${Math.round(status.latencyMs)} ms` : ""})`;
            return `$(check) gpt-oss: ready (${deviceLabel(status)}, ${status.contextSize ?? "?"} ctx)`;
        case "error": return "$(error) gpt-oss: error";
    }
}

export function deviceLabel(status: EngineStatus): string {
    if (status.backend === null || status.backend === "cpu") return "CPU";
    if (status.gpuNames.length > 0) return status.gpuNames.join(" + ");
    return status.backend.toUpperCase();
}
