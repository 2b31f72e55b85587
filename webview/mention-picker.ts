// The @-mention picker: typing "@" at the start of a word opens a small list of what can be
// attached (file, selection, problems); arrows move, Enter or Tab picks, Escape closes. The
// chosen mention is written into the text, where the extension expands it when sending.
const MENTIONS = [
    { name: "file", description: "the current file" },
    { name: "selection", description: "the editor selection" },
    { name: "problems", description: "errors and warnings" },
] as const;

export class MentionPicker {
    private active = 0;
    private matches: ReadonlyArray<(typeof MENTIONS)[number]> = [];

    constructor(private readonly input: HTMLTextAreaElement, private readonly list: HTMLElement) {
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Attach context");
        list.hidden = true;
        input.addEventListener("input", () => this.update());
        input.addEventListener("blur", () => this.close());
    }

    get isOpen(): boolean { return !this.list.hidden; }

    /** Handles a key while open; returns true when the key was the picker's. */
    handleKey(event: KeyboardEvent): boolean {
        if (!this.isOpen) return false;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            this.active = (this.active + (event.key === "ArrowDown" ? 1 : this.matches.length - 1)) % this.matches.length;
            this.render();
        } else if (event.key === "Enter" || event.key === "Tab") {
            this.pick(this.matches[this.active]!.name);
        } else if (event.key === "Escape") {
            this.close();
        } else {
            return false;
        }
        event.preventDefault();
        return true;
    }

    /** The partial mention just before the cursor ("@fi" → "fi"), or null. */
    private query(): string | null {
        const before = this.input.value.slice(0, this.input.selectionStart);
        return /(?:^|\s)@(\w*)$/.exec(before)?.[1] ?? null;
    }

    private update(): void {
        const query = this.query();
        this.matches = query === null ? [] : MENTIONS.filter((mention) => mention.name.startsWith(query.toLowerCase()));
        if (this.matches.length === 0) return this.close();
        this.active = Math.min(this.active, this.matches.length - 1);
        this.list.hidden = false;
        this.input.setAttribute("aria-expanded", "true");
        this.render();
    }

    private render(): void {
        this.list.replaceChildren(...this.matches.map((mention, index) => {
            const option = this.list.ownerDocument.createElement("div");
            option.id = `mention-${mention.name}`;
            option.className = "mention";
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", String(index === this.active));
            option.textContent = `@${mention.name} — ${mention.description}`;
            // mousedown, not click: a click would blur the input (closing the list) first.
            option.addEventListener("mousedown", (event) => {
                event.preventDefault();
                this.pick(mention.name);
            });
            return option;
        }));
        this.input.setAttribute("aria-activedescendant", `mention-${this.matches[this.active]!.name}`);
    }

    private pick(name: string): void {
        const cursor = this.input.selectionStart;
        const before = this.input.value.slice(0, cursor).replace(/@\w*$/, `@${name} `);
        this.input.value = before + this.input.value.slice(cursor);
        this.input.selectionStart = this.input.selectionEnd = before.length;
        this.close();
    }

    private close(): void {
        this.list.hidden = true;
        this.input.setAttribute("aria-expanded", "false");
        this.input.removeAttribute("aria-activedescendant");
    }
}
