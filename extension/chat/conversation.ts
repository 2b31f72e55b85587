// A conversation as the extension keeps it, and the harmony history sent to the server from it.
// Kept free of `vscode` so the rules are tested directly.
import type { ChatMessage } from "../../protocol/index.ts";
import type { TurnView } from "../../protocol/webview.ts";

export interface StoredTurn extends TurnView {
    /** The question as the model sees it: the typed text plus the attached context. */
    prompt: string;
}

export interface Conversation {
    id: string;
    title: string;
    createdAt: number;
    updatedAt: number;
    turns: StoredTurn[];
}

export const SYSTEM_PROMPT = [
    "You are gpt-oss Assistant, a coding assistant inside VS Code.",
    "Answer in Markdown. Put code in fenced blocks with a language; when a block is the complete new content of a file, write the file's workspace path after the language (```ts src/app.ts).",
    "Refer to code as path:line (src/app.ts:12). Say so when you are not sure; never invent files.",
].join("\n");

export function newConversation(id: string, now: number): Conversation {
    return { id, title: "New chat", createdAt: now, updatedAt: now, turns: [] };
}

export function titleFrom(question: string): string {
    const line = question.trim().split("\n")[0] ?? "";
    return line.length > 60 ? `${line.slice(0, 57)}…` : line || "New chat";
}

/**
 * The earlier turns as harmony messages. Every chat turn ends in a final answer (chat does not
 * call tools), and gpt-oss is trained to see no analysis after a final answer: the reasoning of
 * finished turns is never sent back. A turn without any answer (failed, or stopped while still
 * thinking) is left out, so the history never holds a question the model did not answer.
 */
export function historyMessages(turns: readonly StoredTurn[]): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const turn of turns) {
        if (turn.state === "running" || turn.state === "error" || turn.answer.trim() === "") continue;
        messages.push({ role: "user", content: turn.prompt });
        messages.push({ role: "assistant", content: turn.answer });
    }
    return messages;
}
