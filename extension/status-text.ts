// What the status bar says for each state, kept free of the vscode API so it is unit-tested.
import type { EngineStatus } from "../protocol/index.ts";

/**
 * What the extension is doing for the model before the server loads it, so no step that can take
 * a while is silent: asking the site for the file, waiting for the user's answer, downloading.
 */
export type ModelStep =
    | { kind: "checking"; site: string }
    | { kind: "asking"; fileName: string }
    | { kind: "downloading"; fraction: number };

export interface StatusBarView {
    status: EngineStatus;
    /** 0..1 while the extension drives a download. */
    downloadFraction: number | null;
    /** The step in progress before loading; absent or null when none. */
    step?: ModelStep | null;
    /** A chat question is waiting for its answer. */
    chatBusy?: boolean;
    server: "stopped" | "running" | "restarting" | "failed";
    /** Which code-execution mode is in force and why (from the server's sandbox). */
    sandboxSummary: string | null;
}

export function statusText(view: StatusBarView): string {
    if (view.downloadFraction !== null) return `$(cloud-download) gpt-oss: downloading ${Math.floor(view.downloadFraction * 100)} %`;
    if (view.step?.kind === "checking") return `$(sync~spin) gpt-oss: checking ${view.step.site}`;
    if (view.step?.kind === "asking") return "$(question) gpt-oss: download?";
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
            if (view.chatBusy) return `$(loading~spin) gpt-oss: thinking (${status.backend === "remote" ? "remote" : deviceLabel(status)})`;
            // Remote: which backend, and how long the endpoint took to start answering last time.
            if (status.backend === "remote") return `$(remote) gpt-oss: ready (remote${typeof status.latencyMs === "number" ? `, ${Math.round(status.latencyMs)} ms` : ""})`;
            return `$(check) gpt-oss: ready (${deviceLabel(status)}, ${status.contextSize ?? "?"} ctx)`;
        case "error": return "$(error) gpt-oss: error";
    }
}

/**
 * The tooltip's line on the last generation's speed, with the share of speculation's drafted
 * tokens the model confirmed when anything was drafted; null before any generation.
 */
export function speedLine(status: EngineStatus): string | null {
    if (status.tokensPerSecond === null) return null;
    const speed = `Last generation: ${status.tokensPerSecond.toFixed(1)} tokens/s`;
    if (typeof status.draftAcceptance !== "number") return speed;
    return `${speed}, ${Math.round(status.draftAcceptance * 100)} % of drafted tokens accepted`;
}

/** The tooltip's line on where the model runs and why (the server's load plan), or null. */
export function placementLine(status: EngineStatus): string | null {
    if (status.state !== "ready" || status.backend === "remote" || !status.loadPlan) return null;
    return `Placement: ${status.loadPlan}`;
}

export function deviceLabel(status: EngineStatus): string {
    if (status.backend === null || status.backend === "cpu") return "CPU";
    if (status.gpuNames.length > 0) return status.gpuNames.join(" + ");
    return status.backend.toUpperCase();
}

/**
 * One line for the chat and the welcome: what is happening to the model right now, in words
 * ("Checking the model on huggingface.co…"); null when it is simply not loaded or ready.
 */
export function activityText(view: StatusBarView): string | null {
    const step = view.step ?? (view.downloadFraction !== null ? { kind: "downloading" as const, fraction: view.downloadFraction } : null);
    if (step?.kind === "checking") return `Checking the model on ${step.site}…`;
    if (step?.kind === "asking") return `Waiting for your answer: download ${step.fileName}?`;
    if (step?.kind === "downloading") return `Downloading the model: ${Math.floor(step.fraction * 100)} %`;
    if (view.server === "restarting") return "Restarting the language server…";
    const { status } = view;
    if (status.state === "downloading") return `Downloading the model: ${Math.floor((status.progress ?? 0) * 100)} %`;
    if (status.state === "loading") return status.backend === "remote" ? "Connecting to the server…" : `Loading the model: ${Math.floor((status.progress ?? 0) * 100)} %`;
    return null;
}
