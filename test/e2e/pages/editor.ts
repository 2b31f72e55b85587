// The active text editor: focus, type like a person (with a delay, so every keystroke is its
// own event), and read back what Monaco shows.
import type { Locator, Page } from "playwright-core";

export class Editor {
    constructor(private readonly page: Page) {}

    /** The visible editor of the active group. */
    get root(): Locator {
        return this.page.locator(".editor-group-container.active .editor-instance .monaco-editor").first();
    }

    async focus(): Promise<void> {
        await this.root.locator(".view-lines").click();
    }

    async type(text: string, { delay = 80 } = {}): Promise<void> {
        await this.page.keyboard.type(text, { delay });
    }

    async press(keys: string): Promise<void> {
        await this.page.keyboard.press(keys);
    }

    /** Moves the cursor to the end of the document (Ctrl+End). */
    async goToEnd(): Promise<void> {
        await this.page.keyboard.press("Control+End");
    }

    /** Ctrl+S, then waits until the active tab is no longer marked dirty. */
    async save(): Promise<void> {
        const dirtyTab = this.page.locator(".tabs-container .tab.active.dirty");
        // Only a tab seen dirty first proves anything when it stops being dirty.
        await dirtyTab.waitFor({ state: "attached", timeout: 5000 });
        await this.page.keyboard.press("Control+S");
        await dirtyTab.waitFor({ state: "detached" });
    }

    /**
     * The text of the lines Monaco has rendered (all of them for a short file), in order.
     * Monaco positions lines absolutely and may keep them out of DOM order, so sort by top.
     */
    async text(): Promise<string> {
        return this.root.locator(".view-lines").evaluate((element) => {
            const lines = [...element.querySelectorAll<HTMLElement>(".view-line")]
                .map((line) => ({ top: parseFloat(line.style.top || "0"), text: line.textContent ?? "" }))
                .sort((a, b) => a.top - b.top);
            return lines.map((line) => line.text.replace(/\u00a0/g, " ")).join("\n");
        });
    }

    /** Inline-completion ghost text currently shown, "" when none. */
    async ghostText(): Promise<string> {
        const spans = this.root.locator(".ghost-text-decoration, .ghost-text-decoration-preview, .ghost-text");
        return (await spans.allTextContents()).join("").replace(/\u00a0/g, " ");
    }
}
