// The chat view in the activity bar: locks the webview down (scripts by nonce, local resources
// from media/ and dist/ only), parses every message from it, and hands it to the ChatSession.
import * as vscode from "vscode";
import { ToExtension, type ToWebview } from "../../protocol/webview.ts";
import type { Ctx } from "../ctx.ts";
import { ChatSession } from "./chat-session.ts";
import { ConversationStore } from "./conversation-store.ts";
import type { Conversation } from "./conversation.ts";
import { editorHost } from "./editor-host.ts";
import { ProposalDocuments } from "./proposal-documents.ts";
import { chatHtml } from "./webview-html.ts";

export const CHAT_VIEW_ID = "gptOss.chat.view";
/** Internal: shows a Conversation object in the chat view (not in the palette). */
export const OPEN_CONVERSATION_COMMAND = "gptOss.chat.openConversation";

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
    private view: vscode.WebviewView | undefined;
    private readonly proposals = new ProposalDocuments();
    private readonly store: ConversationStore;
    private readonly session: ChatSession;

    constructor(private readonly ctx: Ctx) {
        this.store = new ConversationStore(ctx.extension.workspaceState, (line) => ctx.output.warn(line));
        this.session = new ChatSession(editorHost(ctx, this.store, this.proposals), this.store, (message) => this.post(message));
    }

    resolveWebviewView(view: vscode.WebviewView): void {
        this.view = view;
        const root = this.ctx.extension.extensionUri;
        view.webview.options = {
            enableScripts: true,
            localResourceRoots: [vscode.Uri.joinPath(root, "media"), vscode.Uri.joinPath(root, "dist")],
        };
        view.webview.html = chatHtml({
            cspSource: view.webview.cspSource,
            scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, "dist", "webview.js")).toString(),
            styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, "media", "chat.css")).toString(),
        });
        // The view is resolved again after being moved or reopened: one listener per resolution.
        const listener = view.webview.onDidReceiveMessage((raw: unknown) => {
            const parsed = ToExtension.safeParse(raw);
            if (!parsed.success) {
                this.ctx.output.warn(`chat: dropped a malformed message from the view: ${parsed.error.message}`);
                return;
            }
            this.session.handle(parsed.data).catch((error: unknown) => this.ctx.reportError(error));
        });
        view.onDidDispose(() => {
            listener.dispose();
            if (this.view === view) this.view = undefined;
        });
        // A hidden view keeps nothing (no retainContextWhenHidden): "ready" on return redraws it.
    }

    newChat(): Promise<void> { return this.session.handle({ type: "newChat" }); }
    showHistory(): Promise<void> { return this.session.handle({ type: "showHistory" }); }

    /** Saves a conversation made elsewhere (an agent task's transcript) and shows it in the view. */
    async openConversation(conversation: Conversation): Promise<void> {
        await this.store.save(conversation);
        await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
        this.session.openConversation(conversation);
    }

    private post(message: ToWebview): void {
        void this.view?.webview.postMessage(message);
    }

    dispose(): void {
        this.session.stop();
        this.proposals.dispose();
    }
}

export function registerChatView(ctx: Ctx): vscode.Disposable[] {
    const provider = new ChatViewProvider(ctx);
    return [
        provider,
        vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
        vscode.commands.registerCommand("gptOss.chat.newChat", () => provider.newChat()),
        vscode.commands.registerCommand("gptOss.chat.showHistory", () => provider.showHistory()),
        vscode.commands.registerCommand(OPEN_CONVERSATION_COMMAND, (conversation: Conversation) => provider.openConversation(conversation)),
    ];
}
