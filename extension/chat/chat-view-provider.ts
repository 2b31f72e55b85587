// The chat view in the activity bar: locks the webview down (scripts by nonce, local resources
// from media/ and dist/ only), parses every message from it, and hands it to the ChatSession.
import * as vscode from "vscode";
import { MachineFitRequest } from "../../protocol/index.ts";
import { ToExtension, type ToWebview } from "../../protocol/webview.ts";
import type { Ctx } from "../ctx.ts";
import { registerGetModel, runGetModel } from "../get-model.ts";
import { modelDirectory } from "../model-source.ts";
import { readSettings } from "../settings.ts";
import { markChatAnswered, registerWalkthrough } from "../walkthrough.ts";
import { modelPanel } from "./model-panel.ts";
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
    /** Whether this machine can hold gpt-oss-20b, asked once (the answer does not change while VS Code runs). */
    private fitNote: Promise<string | null> | null = null;
    private fitNoteKnown: string | null = null;
    private readonly modelListener: vscode.Disposable;

    constructor(private readonly ctx: Ctx) {
        this.store = new ConversationStore(ctx.extension.workspaceState, (line) => ctx.output.warn(line));
        this.session = new ChatSession(editorHost(ctx, this.store, this.proposals), this.store, (message) => this.post(message));
        this.modelListener = ctx.onDidChangeView(() => this.postModel());
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
            const message = parsed.data;
            if (message.type === "openLink") {
                // VS Code asks before opening a site the user has not trusted.
                void vscode.env.openExternal(vscode.Uri.parse(message.url, true));
                return;
            }
            if (message.type === "welcomeAction") {
                // Afterwards the welcome shows how it went (a failure's message is not a state change).
                runGetModel(this.ctx, message.action).catch((error: unknown) => this.ctx.reportError(error)).finally(() => this.postModel());
                return;
            }
            this.session.handle(message).catch((error: unknown) => this.ctx.reportError(error));
            // The page was (re)loaded: it needs the model's state for its welcome.
            if (message.type === "ready") this.postModel();
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
        if (message.type === "turnEnded" && message.state === "done") markChatAnswered();
        if (message.type === "turnStarted" || message.type === "turnEnded") this.ctx.setChatBusy(message.type === "turnStarted");
        void this.view?.webview.postMessage(message);
        // A turn that failed to get a model: the welcome shows the same message as the turn.
        if (message.type === "turnEnded" && message.state === "error") this.postModel();
    }

    /** The welcome and the waiting question's line follow every change of the model's state. */
    private postModel(): void {
        if (!this.view) return;
        const directory = modelDirectory(this.ctx.extension.globalStorageUri);
        this.post({ type: "model", model: modelPanel(this.ctx.modelView, this.ctx.lastError, directory, this.fitNoteKnown) });
        // The memory line comes from the server; the welcome shows at once and gains it when it arrives.
        if (this.fitNote === null && this.ctx.modelView.status.state !== "ready") {
            this.fitNote = this.askMachineFit();
            void this.fitNote.then((note) => {
                this.fitNoteKnown = note;
                if (note !== null) this.postModel();
            });
        }
    }

    private async askMachineFit(): Promise<string | null> {
        try {
            const client = await this.ctx.ensureClient();
            return (await client.request(MachineFitRequest, { contextSize: readSettings().contextSize })).note;
        } catch (error) {
            this.ctx.output.warn(`could not tell whether gpt-oss-20b fits this machine: ${error instanceof Error ? error.message : String(error)}`);
            return null;
        }
    }

    dispose(): void {
        this.modelListener.dispose();
        this.session.stop();
        this.proposals.dispose();
    }
}

export function registerChatView(ctx: Ctx): vscode.Disposable[] {
    const provider = new ChatViewProvider(ctx);
    return [
        provider,
        vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
        ...registerGetModel(ctx),
        ...registerWalkthrough(ctx),
        vscode.commands.registerCommand("gptOss.chat.newChat", () => provider.newChat()),
        vscode.commands.registerCommand("gptOss.chat.showHistory", () => provider.showHistory()),
        vscode.commands.registerCommand(OPEN_CONVERSATION_COMMAND, (conversation: Conversation) => provider.openConversation(conversation)),
    ];
}
