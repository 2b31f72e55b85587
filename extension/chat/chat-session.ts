// The extension's half of the chat view: keeps the current conversation, relays each question
// to the server's streaming chat turn and the chunks back to the webview, saves the result, and
// carries out the webview's requests through the ChatHost. Free of `vscode`; the view provider
// only connects it to a real webview.
import { ChatTurnRequest, RequestCancelledError, type ReasoningEffort } from "../../protocol/index.ts";
import { REFERENCE_PATTERN, type Attachment, type AttachmentKind, type ToExtension, type ToWebview } from "../../protocol/webview.ts";
import type { ChatHost, ContextItem } from "./chat-host.ts";
import { answerReserve, fitHistory } from "./context-window.ts";
import { historyMessages, newConversation, SYSTEM_PROMPT, titleFrom, type Conversation, type StoredTurn } from "./conversation.ts";
import type { ConversationStore } from "./conversation-store.ts";
import { mentionedKinds, promptWithContext } from "./prompt.ts";

let nextId = 0;
function newId(prefix: string): string {
    nextId += 1;
    return `${prefix}-${Date.now().toString(36)}-${nextId}`;
}

interface PendingAttachment extends Attachment { item: ContextItem }

export class ChatSession {
    private conversation: Conversation;
    private effort: ReasoningEffort;
    private attachments: PendingAttachment[] = [];
    /**
     * The turn in progress, set before the first await of a send so a second quick send sees it,
     * with the conversation it was asked in (the user may switch conversation before it ends).
     */
    private running: { turn: StoredTurn | null; controller: AbortController; conversation: Conversation } | null = null;

    constructor(
        private readonly host: ChatHost,
        private readonly store: ConversationStore,
        private readonly post: (message: ToWebview) => void,
        private readonly now: () => number = Date.now,
    ) {
        this.conversation = store.list()[0] ?? newConversation(newId("chat"), now());
        this.effort = host.defaultEffort();
    }

    get current(): Conversation { return this.conversation; }
    get isRunning(): boolean { return this.running !== null; }

    async handle(message: ToExtension): Promise<void> {
        switch (message.type) {
            case "ready": return this.showConversation();
            case "send": return this.send(message.text, message.effort);
            case "stop": return this.stop();
            case "newChat": return this.openConversation(newConversation(newId("chat"), this.now()));
            case "showHistory": {
                const id = await this.host.pickConversation();
                const picked = id === undefined ? undefined : this.store.get(id);
                if (picked) this.openConversation(picked);
                // The current conversation may have been renamed or deleted in the picker.
                else if (!this.store.get(this.conversation.id) && this.conversation.turns.length > 0) this.openConversation(newConversation(newId("chat"), this.now()));
                return;
            }
            case "setEffort": this.effort = message.effort; return;
            case "attach": return this.attach(message.kind);
            case "removeAttachment":
                this.attachments = this.attachments.filter((item) => item.id !== message.id);
                return this.postAttachments();
            case "copyCode": return this.host.copy(message.code);
            case "insertCode":
                if (this.isFromAnswer(message.turnId, message.code)) await this.host.insert(message.code);
                return;
            case "applyCode":
                if (this.isFromAnswer(message.turnId, message.code)) await this.host.apply(message.code, message.language);
                return;
            case "openReference": return this.host.openReference(message.path, message.line);
        }
    }

    /**
     * Whether code the view asks to insert or apply is part of that turn's final answer. The view
     * only offers buttons on answer blocks; this holds even if a page were tampered with, so
     * nothing from the analysis channel (or anywhere else) can reach an edit.
     */
    private isFromAnswer(turnId: string, code: string): boolean {
        const answer = this.conversation.turns.find((turn) => turn.id === turnId)?.answer ?? "";
        const lines = code.split("\n").map((line) => line.trim()).filter(Boolean);
        const ok = lines.length > 0 && lines.every((line) => answer.includes(line));
        if (!ok) this.host.showError("That code is not part of an answer in this conversation; nothing was changed.");
        return ok;
    }

    /** Stops any running turn (its request is cancelled) and shows `conversation`. */
    openConversation(conversation: Conversation): void {
        this.stop();
        this.conversation = conversation;
        this.showConversation();
    }

    stop(): void {
        this.running?.controller.abort();
    }

    private showConversation(): void {
        this.post({ type: "conversation", id: this.conversation.id, title: this.conversation.title, turns: this.conversation.turns, effort: this.effort });
        this.postAttachments();
    }

    private postAttachments(): void {
        this.post({ type: "attachments", items: this.attachments.map(({ id, kind, label }) => ({ id, kind, label })) });
    }

    private async attach(kind: AttachmentKind): Promise<void> {
        const item = await this.host.readContext(kind);
        if (!item) {
            this.post({ type: "notice", text: kind === "selection" ? "Nothing is selected in the editor." : kind === "file" ? "No file is open in the editor." : "There are no problems to attach." });
            return;
        }
        this.attachments.push({ id: newId("ctx"), kind, label: item.label, item });
        this.postAttachments();
    }

    private async send(text: string, effort: ReasoningEffort): Promise<void> {
        if (this.running) {
            // The view clears its input on send; give the question back rather than drop it.
            this.post({ type: "notice", text: `An answer is still running, so this question was not sent: "${text.length > 200 ? `${text.slice(0, 197)}…` : text}". Stop the answer or wait, then send it again.` });
            return;
        }
        const controller = new AbortController();
        const conversation = this.conversation;
        this.running = { turn: null, controller, conversation };
        try {
            await this.runTurn(text, effort, conversation, controller);
        } finally {
            this.running = null;
        }
    }

    private async runTurn(text: string, effort: ReasoningEffort, conversation: Conversation, controller: AbortController): Promise<void> {
        this.effort = effort;
        const context = this.attachments.map((attachment) => attachment.item);
        for (const kind of mentionedKinds(text)) {
            if (this.attachments.some((attachment) => attachment.kind === kind)) continue;
            const item = await this.host.readContext(kind);
            if (item) context.push(item);
        }
        this.attachments = [];
        this.postAttachments();

        const turn: StoredTurn = {
            id: newId("turn"), user: text, prompt: promptWithContext(text, context),
            reasoning: "", answer: "", reasoningMs: null, state: "running", references: [], lookups: [],
        };
        const earlier = historyMessages(conversation.turns);
        if (conversation.turns.length === 0) conversation.title = titleFrom(text);
        conversation.turns.push(turn);
        conversation.updatedAt = this.now();
        if (this.running) this.running.turn = turn;
        // Switched away while the context was read: the question still lands where it was asked.
        if (this.conversation === conversation) this.post({ type: "turnStarted", turn });

        try {
            const contextSize = this.host.contextSize();
            const fitted = fitHistory({ role: "system", content: SYSTEM_PROMPT }, earlier, { role: "user", content: turn.prompt }, contextSize);
            if (!fitted) throw new Error(`The question and its context are too long for the ${contextSize}-token context window; attach less or raise gptOss.contextSize.`);
            if (fitted.droppedTurns > 0) {
                this.post({ type: "notice", text: `The ${fitted.droppedTurns} oldest exchange${fitted.droppedTurns === 1 ? "" : "s"} of this conversation no longer fit the context window and were left out of what the model sees.` });
            }
            const client = await this.host.readyClient();
            if (controller.signal.aborted) throw new RequestCancelledError(ChatTurnRequest.method);
            const started = this.now();
            let answerStarted = false;
            const workspace = this.host.workspace();
            const showChunk = (channel: "analysis" | "final", chunk: string) => {
                if (channel === "analysis") turn.reasoning += chunk;
                else {
                    if (!answerStarted && turn.reasoning !== "") {
                        turn.reasoningMs = this.now() - started;
                        this.post({ type: "reasoningDone", turnId: turn.id, reasoningMs: turn.reasoningMs });
                    }
                    answerStarted = true;
                    turn.answer += chunk;
                }
                if (this.conversation === conversation) this.post({ type: "chunk", turnId: turn.id, channel, text: chunk });
            };
            const result = await client.chatTurn(
                { messages: fitted.messages, reasoningEffort: effort, maxTokens: answerReserve(contextSize), ...(workspace ? { workspace } : {}) },
                showChunk,
                controller.signal,
                // What the model looked up: listed beside the collapsed thinking, and marked in
                // the reasoning text where it happened.
                (step) => {
                    const lookup = { summary: step.summary, failed: step.isError };
                    turn.lookups.push(lookup);
                    this.post({ type: "lookup", turnId: turn.id, lookup });
                    showChunk("analysis", `${turn.reasoning === "" || turn.reasoning.endsWith("\n") ? "" : "\n"}→ ${step.summary}${step.isError ? " (failed)" : ""}\n`);
                },
            );
            // The server's text is authoritative (same as the chunks, minus nothing).
            turn.answer = result.text;
            if (turn.reasoning !== "" && turn.reasoningMs === null) turn.reasoningMs = this.now() - started;
            turn.state = result.stopReason === "cancelled" ? "stopped" : "done";
        } catch (error) {
            if (controller.signal.aborted || error instanceof RequestCancelledError) turn.state = "stopped";
            else {
                turn.state = "error";
                const message = error instanceof Error ? error.message : String(error);
                // Part of the answer arrived (the server stopped, the model was unloaded): it stays,
                // marked as cut off, and the question can be asked again.
                turn.error = turn.answer !== "" || turn.reasoning !== "" ? `The answer was interrupted: ${message}` : message;
            }
        }
        this.post({ type: "turnEnded", turnId: turn.id, state: turn.state as "done" | "stopped" | "error", reasoningMs: turn.reasoningMs, ...(turn.error ? { error: turn.error } : {}) });
        await this.saveQuietly(conversation);
        await this.checkReferences(turn, conversation);
    }

    private async checkReferences(turn: StoredTurn, conversation: Conversation): Promise<void> {
        const found = [...turn.answer.matchAll(REFERENCE_PATTERN)].map((match) => ({ text: match[0], path: match[1]!, line: Number(match[2]) }));
        if (found.length === 0) return;
        try {
            turn.references = await this.host.checkReferences(found);
            this.post({ type: "references", turnId: turn.id, references: turn.references });
            await this.saveQuietly(conversation);
        } catch {
            // Unchecked links still open; the editor reports a missing file itself.
        }
    }

    private async saveQuietly(conversation: Conversation): Promise<void> {
        try {
            await this.store.save(conversation);
        } catch (error) {
            const full = (error as { code?: unknown } | null)?.code === "ENOSPC";
            // What was saved before stays as it was; this conversation stays open and is saved
            // again with its next answer.
            this.host.showError(full
                ? "Could not save the conversation: the disk is full (ENOSPC). Earlier saved conversations are intact; this one stays open here and is saved with its next answer once there is space."
                : `Could not save the conversation: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}
