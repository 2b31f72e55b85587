// The quick input widget: the command palette and every showQuickPick share it.
import type { Locator, Page } from "playwright-core";

export class QuickInput {
    constructor(private readonly page: Page) {}

    get widget(): Locator {
        return this.page.locator(".quick-input-widget");
    }

    async waitOpen(): Promise<void> {
        await this.widget.waitFor({ state: "visible" });
    }

    async waitClosed(): Promise<void> {
        await this.widget.waitFor({ state: "hidden" });
    }

    async title(): Promise<string> {
        return ((await this.widget.locator(".quick-input-title").textContent()) ?? "").trim();
    }

    /** The rows' labels as shown (codicons render as empty spans, so they drop out). */
    async items(): Promise<string[]> {
        const rows = this.widget.locator(".quick-input-list .monaco-list-row .label-name");
        await rows.first().waitFor();
        return (await rows.allTextContents()).map((text) => text.replace(/\u00a0/g, " ").trim());
    }

    /** Clicks the row whose label contains `label`. */
    async select(label: string): Promise<void> {
        await this.widget.locator(".quick-input-list .monaco-list-row", { hasText: label }).first().click();
        await this.waitClosed();
    }

    /** Clicks the row whose label contains `label` in a pick that leads to another pick. */
    async selectThenContinue(label: string): Promise<void> {
        const row = this.widget.locator(".quick-input-list .monaco-list-row", { hasText: label }).first();
        await row.click();
        await row.waitFor({ state: "hidden" });
        await this.waitOpen();
    }

    async dismiss(): Promise<void> {
        await this.page.keyboard.press("Escape");
        await this.waitClosed();
    }
}
