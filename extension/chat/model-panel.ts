// What the chat view shows about the model (the welcome and a waiting question's line), built
// from the status bar's view; kept free of `vscode` so it is unit-tested.
import type { ModelPanel } from "../../protocol/webview.ts";
import { activityText, statusText, type StatusBarView } from "../status-text.ts";

export function modelPanel(view: StatusBarView, lastError: string | null, downloadDirectory: string, fitNote: string | null): ModelPanel {
    const ready = view.status.state === "ready" && view.server === "running";
    const activity = activityText(view);
    return {
        ready,
        state: statusText(view).replace(/\$\([^)]*\)\s*/g, ""),
        activity,
        // The server's error, else what the user was last told (a download that could not start).
        error: ready || activity !== null ? null : view.status.error?.message ?? lastError,
        downloadDirectory,
        fitNote,
    };
}
