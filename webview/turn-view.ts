// One exchange on the page: the question, the model's reasoning collapsed under "Thinking…"
// (then "Thought for 1.2 s"; plain text, expandable), and the streamed answer.
import type { Lookup, Reference, ToExtension, TurnView as TurnData } from "../protocol/webview.ts";
import { AnswerView } from "./answer-view.ts";
import { addCodeActions } from "./code-blocks.ts";
import { linkReferences, markReferences } from "./references.ts";

export function formatDuration(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export class TurnElement {
    readonly element: HTMLElement;
    private readonly answer: AnswerView;
    private readonly thinking: HTMLDetailsElement;
    private readonly thinkingLabel: HTMLElement;
    private readonly reasoning: HTMLElement;
    private readonly lookups: HTMLUListElement;
    private readonly status: HTMLElement;
    private references: readonly Reference[] = [];

    constructor(document: Document, readonly id: string, user: string, post: (message: ToExtension) => void) {
        this.element = document.createElement("article");
        this.element.className = "turn";
        this.element.dataset.turnId = id;
        this.element.setAttribute("aria-label", "Question and answer");

        const question = document.createElement("div");
        question.className = "user";
        question.textContent = user;

        this.thinking = document.createElement("details");
        this.thinking.className = "thinking";
        this.thinking.hidden = true;
        const summary = document.createElement("summary");
        this.thinkingLabel = document.createElement("span");
        this.thinkingLabel.textContent = "Thinking…";
        summary.append(this.thinkingLabel);
        this.reasoning = document.createElement("div");
        this.reasoning.className = "reasoning";
        this.thinking.append(summary, this.reasoning);

        this.lookups = document.createElement("ul");
        this.lookups.className = "lookups";
        this.lookups.setAttribute("aria-label", "Looked up in the workspace");
        this.lookups.hidden = true;

        this.answer = new AnswerView(document, (block) => {
            addCodeActions(block, id, () => this.answer.element, post);
            linkReferences(block);
            markReferences(block, this.references);
        });
        // The log region announces; aria-busy keeps readers from reading each token as it lands.
        this.answer.element.setAttribute("aria-busy", "true");

        this.status = document.createElement("div");
        this.status.className = "turn-status";
        this.status.setAttribute("role", "status");

        this.element.append(question, this.thinking, this.lookups, this.answer.element, this.status);
    }

    static fromData(document: Document, data: TurnData, post: (message: ToExtension) => void): TurnElement {
        const turn = new TurnElement(document, data.id, data.user, post);
        turn.references = data.references;
        if (data.reasoning) turn.appendReasoning(data.reasoning);
        for (const lookup of data.lookups) turn.addLookup(lookup);
        turn.answer.append(data.answer);
        if (data.answer !== "") turn.clearWaiting();
        if (data.state !== "running") turn.end(data.state, data.reasoningMs, data.error);
        return turn;
    }

    /** What the turn waits for, until the first reasoning or answer text arrives. */
    showWaiting(text: string): void {
        if (this.element.dataset.state || this.started) return;
        this.status.textContent = text;
        this.status.classList.add("waiting");
    }

    private started = false;

    private clearWaiting(): void {
        this.started = true;
        if (!this.status.classList.contains("waiting")) return;
        this.status.textContent = "";
        this.status.classList.remove("waiting");
    }

    appendReasoning(text: string): void {
        this.clearWaiting();
        this.thinking.hidden = false;
        // textContent, never HTML: reasoning is shown as the model wrote it and cannot act.
        this.reasoning.append(text);
    }

    addLookup(lookup: Lookup): void {
        const item = this.lookups.ownerDocument.createElement("li");
        // textContent: the summary holds paths and search text the model chose.
        item.textContent = lookup.failed ? `${lookup.summary} (failed)` : lookup.summary;
        if (lookup.failed) item.classList.add("failed");
        this.lookups.append(item);
        this.lookups.hidden = false;
    }

    appendAnswer(text: string): void {
        this.clearWaiting();
        this.answer.append(text);
    }

    reasoningDone(ms: number): void {
        // Past tense once the reasoning ends: "Thinking…" beside a finished answer reads as still working.
        this.thinkingLabel.textContent = `Thought for ${formatDuration(ms)}`;
    }

    end(state: "done" | "stopped" | "error", reasoningMs: number | null, error?: string): void {
        this.answer.flush();
        this.answer.element.setAttribute("aria-busy", "false");
        if (reasoningMs !== null) this.reasoningDone(reasoningMs);
        this.element.dataset.state = state;
        this.status.classList.remove("waiting");
        this.status.textContent = "";
        if (state === "stopped") this.status.textContent = "Stopped.";
        if (state === "error") {
            this.status.textContent = error ?? "The answer failed.";
            this.status.classList.add("error");
        }
    }

    setReferences(references: readonly Reference[]): void {
        this.references = references;
        markReferences(this.answer.element, references);
    }
}
