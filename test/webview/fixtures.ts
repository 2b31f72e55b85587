// Messages the "extension" sends in the webview tests.
import type { ToWebview, TurnView } from "../../protocol/webview.ts";

export function emptyConversation(): ToWebview {
    return { type: "conversation", id: "c1", title: "New chat", turns: [], effort: "medium" };
}

export function runningTurn(id: string, user: string): ToWebview {
    const turn: TurnView = { id, user, reasoning: "", answer: "", reasoningMs: null, state: "running", references: [], lookups: [] };
    return { type: "turnStarted", turn };
}

export function chunk(turnId: string, channel: "analysis" | "final", text: string): ToWebview {
    return { type: "chunk", turnId, channel, text };
}
