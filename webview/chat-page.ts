// Applies the extension's messages to the page: one TurnElement per exchange, appended as turns
// start and updated in place as chunks arrive; the earlier history is never re-rendered.
import type { ModelPanel, ToExtension, ToWebview } from "../protocol/webview.ts";
import type { Composer } from "./composer.ts";
import { TurnElement } from "./turn-view.ts";
import type { WelcomeView } from "./welcome-view.ts";

export class ChatPage {
    private readonly turns = new Map<string, TurnElement>();
    /** The question waiting for its answer, which shows what the model is doing until text arrives. */
    private running: TurnElement | null = null;
    private model: ModelPanel | null = null;

    constructor(
        private readonly log: HTMLElement,
        private readonly notice: HTMLElement,
        private readonly composer: Composer,
        private readonly post: (message: ToExtension) => void,
        private readonly welcome?: WelcomeView,
    ) {}

    handle(message: ToWebview): void {
        switch (message.type) {
            case "conversation": {
                this.turns.clear();
                this.log.replaceChildren();
                this.notice.hidden = true;
                this.composer.setEffort(message.effort);
                this.composer.setRunning(message.turns.some((turn) => turn.state === "running"));
                this.running = null;
                for (const data of message.turns) {
                    const turn = TurnElement.fromData(this.log.ownerDocument, data, this.post);
                    this.add(turn);
                    if (data.state === "running") this.running = turn;
                }
                this.showWaiting();
                break;
            }
            case "turnStarted": {
                const turn = TurnElement.fromData(this.log.ownerDocument, message.turn, this.post);
                this.add(turn);
                this.running = turn;
                this.showWaiting();
                this.composer.setRunning(true);
                break;
            }
            case "chunk": {
                const turn = this.turns.get(message.turnId);
                if (message.channel === "analysis") turn?.appendReasoning(message.text);
                else turn?.appendAnswer(message.text);
                this.scrollToEnd();
                break;
            }
            case "lookup":
                this.turns.get(message.turnId)?.addLookup(message.lookup);
                break;
            case "reasoningDone":
                this.turns.get(message.turnId)?.reasoningDone(message.reasoningMs);
                break;
            case "turnEnded":
                if (this.running?.id === message.turnId) this.running = null;
                this.turns.get(message.turnId)?.end(message.state, message.reasoningMs, message.error);
                this.composer.setRunning(false);
                break;
            case "references":
                this.turns.get(message.turnId)?.setReferences(message.references);
                break;
            case "attachments":
                this.composer.setAttachments(message.items);
                break;
            case "notice":
                this.notice.textContent = message.text;
                this.notice.hidden = false;
                break;
            case "model": {
                // Keep the end in view when it was (the welcome may grow under the last question),
                // but never pull a reader away from the history above.
                const scroller = this.log.parentElement;
                const atEnd = scroller === null || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 8;
                this.model = message.model;
                this.welcome?.render(message.model);
                this.showWaiting();
                if (atEnd) this.scrollToEnd();
                break;
            }
        }
    }

    /** Under a question with no text yet: the model's step (checking, downloading N %, loading N %), then "Thinking…". */
    private showWaiting(): void {
        if (!this.running) return;
        const model = this.model;
        this.running.showWaiting(model === null ? "Starting…" : model.activity ?? (model.ready ? "Thinking…" : "Starting the model…"));
    }

    private add(turn: TurnElement): void {
        this.turns.set(turn.id, turn);
        this.log.append(turn.element);
        this.scrollToEnd();
    }

    private scrollToEnd(): void {
        const scroller = this.log.parentElement;
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
    }
}
