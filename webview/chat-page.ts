// Applies the extension's messages to the page: one TurnElement per exchange, appended as turns
// start and updated in place as chunks arrive; the earlier history is never re-rendered.
import type { ToExtension, ToWebview } from "../protocol/webview.ts";
import type { Composer } from "./composer.ts";
import { TurnElement } from "./turn-view.ts";

export class ChatPage {
    private readonly turns = new Map<string, TurnElement>();

    constructor(
        private readonly log: HTMLElement,
        private readonly notice: HTMLElement,
        private readonly composer: Composer,
        private readonly post: (message: ToExtension) => void,
    ) {}

    handle(message: ToWebview): void {
        switch (message.type) {
            case "conversation": {
                this.turns.clear();
                this.log.replaceChildren();
                this.notice.hidden = true;
                this.composer.setEffort(message.effort);
                this.composer.setRunning(message.turns.some((turn) => turn.state === "running"));
                for (const data of message.turns) this.add(TurnElement.fromData(this.log.ownerDocument, data, this.post));
                break;
            }
            case "turnStarted":
                this.add(TurnElement.fromData(this.log.ownerDocument, message.turn, this.post));
                this.composer.setRunning(true);
                break;
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
        }
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
