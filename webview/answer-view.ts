// Streams one answer into the page without re-rendering what is already settled: each settled
// markdown block is rendered once into its own element, and only the open tail is rendered
// again, at most once per animation frame.
import { renderMarkdown } from "./markdown.ts";
import { settledLength } from "./split-markdown.ts";

export class AnswerView {
    readonly element: HTMLElement;
    private text = "";
    private committed = 0;
    private readonly tail: HTMLElement;
    private frame: number | null = null;

    constructor(document: Document, private readonly decorate: (block: HTMLElement) => void) {
        this.element = document.createElement("div");
        this.element.className = "answer markdown";
        this.tail = document.createElement("div");
        this.tail.className = "block tail";
        this.element.append(this.tail);
    }

    get value(): string { return this.text; }

    append(text: string): void {
        this.text += text;
        this.frame ??= requestAnimationFrame(() => {
            this.frame = null;
            this.render();
        });
    }

    /** Renders whatever is pending now (end of a turn, or a whole saved answer). */
    flush(): void {
        if (this.frame !== null) cancelAnimationFrame(this.frame);
        this.frame = null;
        this.render();
    }

    private render(): void {
        const settled = settledLength(this.text);
        if (settled > this.committed) {
            const block = this.element.ownerDocument.createElement("div");
            block.className = "block";
            block.innerHTML = renderMarkdown(this.text.slice(this.committed, settled));
            this.decorate(block);
            this.tail.before(block);
            this.committed = settled;
        }
        this.tail.innerHTML = renderMarkdown(this.text.slice(this.committed));
        this.decorate(this.tail);
    }
}
