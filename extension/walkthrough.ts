// The "Get started with gpt-oss" walkthrough's steps are completed by what really happens (the
// model becomes ready, the chat answers), through context keys the walkthrough's completion
// events watch; the other steps complete on the command that does the thing (package.json).
import * as vscode from "vscode";
import type { Ctx } from "./ctx.ts";

export const MODEL_READY_CONTEXT = "gptOss.modelReady";
export const CHAT_ANSWERED_CONTEXT = "gptOss.walkthrough.chatAnswered";

export function markChatAnswered(): void {
    void vscode.commands.executeCommand("setContext", CHAT_ANSWERED_CONTEXT, true);
}

export function registerWalkthrough(ctx: Ctx): vscode.Disposable[] {
    let ready = false;
    return [ctx.onDidChangeView((view) => {
        const now = view.status.state === "ready";
        if (now === ready) return;
        ready = now;
        void vscode.commands.executeCommand("setContext", MODEL_READY_CONTEXT, now);
    })];
}
