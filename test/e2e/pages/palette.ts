// The command palette: F1, the command's title, Enter, as a person runs a command.
import type { Page } from "playwright-core";
import { QuickInput } from "./quick-input.ts";
import { exactly } from "./text.ts";

export class Palette {
    private readonly quickInput: QuickInput;

    constructor(private readonly page: Page) {
        this.quickInput = new QuickInput(page);
    }

    /**
     * Runs the command titled `title` (e.g. "gpt-oss: Load Model"). `asksInput`: the command opens
     * an input box of its own, so the quick input stays open with a new title instead of closing.
     */
    async run(title: string, { asksInput = false } = {}): Promise<void> {
        await this.page.keyboard.press("F1");
        await this.quickInput.waitOpen();
        await this.page.keyboard.type(title);
        // Enter only once the filtered list has this command focused: the list updates after
        // the keystrokes, and an early Enter runs whatever was first before.
        const focused = this.quickInput.widget.locator(".quick-input-list .monaco-list-row.focused");
        await focused.filter({ has: this.page.locator(".label-name", { hasText: exactly(title) }) }).waitFor();
        await this.page.keyboard.press("Enter");
        if (!asksInput) {
            await this.quickInput.waitClosed();
            return;
        }
        await this.quickInput.widget.locator(".quick-input-list .monaco-list-row", { hasText: exactly(title) }).first().waitFor({ state: "hidden" });
    }
}
