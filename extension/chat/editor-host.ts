// The ChatHost on VS Code: the client through Ctx, settings, and the editor actions.
import * as vscode from "vscode";
import type { Ctx } from "../ctx.ts";
import { readSettings } from "../settings.ts";
import { openBuffers } from "../agent/editor-state.ts";
import { userToolsForChat } from "../tools/index.ts";
import { applyCode } from "./apply-edit.ts";
import type { ChatClient, ChatHost } from "./chat-host.ts";
import type { ConversationStore } from "./conversation-store.ts";
import { pickConversation } from "./conversation-picker.ts";
import { readEditorContext } from "./editor-context.ts";
import type { ProposalDocuments } from "./proposal-documents.ts";
import { checkReferences, openReference } from "./references.ts";

export function editorHost(ctx: Ctx, store: ConversationStore, proposals: ProposalDocuments): ChatHost {
    return {
        async readyClient(): Promise<ChatClient> {
            const client = await ctx.ensureClient();
            if (ctx.status.state === "ready") return client;
            // The turn ends with the reason the user was shown (the site cannot be reached, the download was declined…).
            if (!(await ctx.loadModel())) throw new Error(ctx.lastError ?? "No model is loaded. Choose one from the gpt-oss status bar item.");
            return client;
        },
        contextSize: () => readSettings().contextSize,
        workspace() {
            const folder = vscode.workspace.workspaceFolders?.[0];
            // An untrusted workspace gets no tools, reading included.
            if (!folder || folder.uri.scheme !== "file" || !vscode.workspace.isTrusted || !vscode.workspace.getConfiguration("gptOss.chat").get<boolean>("workspaceTools", true)) return undefined;
            const userTools = userToolsForChat();
            return { root: folder.uri.fsPath, openBuffers: openBuffers(folder), maxToolSteps: 6, ...(userTools ? { userTools } : {}) };
        },
        defaultEffort: () => readSettings().reasoningEffort,
        readContext: readEditorContext,
        copy: (code) => Promise.resolve(vscode.env.clipboard.writeText(code)),
        async insert(code) {
            const editor = vscode.window.activeTextEditor;
            if (!editor) {
                void vscode.window.showWarningMessage("Open a file and place the cursor where the code should go.");
                return;
            }
            // One edit for all cursors, so one Undo removes it.
            await editor.edit((builder) => {
                for (const selection of editor.selections) builder.replace(selection, code);
            });
        },
        apply: (code, info) => applyCode(proposals, code, info),
        openReference,
        checkReferences,
        pickConversation: () => pickConversation(store),
        showError: (message) => void vscode.window.showErrorMessage(message),
    };
}
