// The input area: text box (Enter sends, Shift+Enter adds a line, Up on an empty box recalls the
// last question), reasoning-effort picker, Send/Stop, and the removable context chips.
import type { Attachment, ToExtension } from "../protocol/webview.ts";

/** The efforts the page can send; the webview reaches protocol/ only through its webview messages. */
type ReasoningEffort = Extract<ToExtension, { type: "setEffort" }>["effort"];
import { MentionPicker } from "./mention-picker.ts";

export class Composer {
    private running = false;
    private lastSent = "";
    private readonly mentions: MentionPicker;

    constructor(
        private readonly input: HTMLTextAreaElement,
        private readonly effort: HTMLSelectElement,
        private readonly sendButton: HTMLButtonElement,
        private readonly chips: HTMLElement,
        private readonly post: (message: ToExtension) => void,
        mentionList: HTMLElement,
    ) {
        this.mentions = new MentionPicker(input, mentionList);
        input.addEventListener("keydown", (event) => this.onKey(event));
        sendButton.addEventListener("click", () => (this.running ? this.post({ type: "stop" }) : this.send()));
        effort.addEventListener("change", () => this.post({ type: "setEffort", effort: this.effort.value as ReasoningEffort }));
    }

    setEffort(effort: ReasoningEffort): void { this.effort.value = effort; }

    setRunning(running: boolean): void {
        this.running = running;
        this.sendButton.textContent = running ? "Stop" : "Send";
        this.sendButton.setAttribute("aria-label", running ? "Stop the answer" : "Send the question");
        this.sendButton.classList.toggle("stop", running);
    }

    setAttachments(items: readonly Attachment[]): void {
        this.chips.replaceChildren(...items.map((item) => {
            const chip = this.chips.ownerDocument.createElement("span");
            chip.className = "chip";
            chip.setAttribute("role", "listitem");
            chip.textContent = item.label;
            const remove = this.chips.ownerDocument.createElement("button");
            remove.type = "button";
            remove.textContent = "×";
            remove.setAttribute("aria-label", `Remove ${item.label}`);
            remove.addEventListener("click", () => this.post({ type: "removeAttachment", id: item.id }));
            chip.append(remove);
            return chip;
        }));
        this.chips.hidden = items.length === 0;
    }

    private onKey(event: KeyboardEvent): void {
        if (this.mentions.handleKey(event)) return;
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            if (!this.running) this.send();
        } else if (event.key === "ArrowUp" && this.input.value === "" && this.lastSent) {
            event.preventDefault();
            this.input.value = this.lastSent;
        } else if (event.key === "Escape" && this.running) {
            this.post({ type: "stop" });
        }
    }

    private send(): void {
        const text = this.input.value.trim();
        if (!text) return;
        this.lastSent = text;
        this.input.value = "";
        this.post({ type: "send", text, effort: this.effort.value as ReasoningEffort });
    }
}
