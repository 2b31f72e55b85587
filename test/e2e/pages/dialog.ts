// VS Code's modal dialog (showInformationMessage/showWarningMessage with { modal: true }).
import type { Locator, Page } from "playwright-core";
import { normalize } from "./text.ts";

export class Dialog {
    constructor(private readonly page: Page) {}

    private get box(): Locator {
        return this.page.locator(".monaco-dialog-box");
    }

    /** Waits for a modal dialog whose message matches and returns its message and detail. */
    async waitFor(pattern: RegExp, { timeout = 60_000 } = {}): Promise<{ message: string; detail: string }> {
        const message = this.box.locator(".dialog-message-text", { hasText: pattern });
        await message.waitFor({ state: "visible", timeout });
        const detail = await this.box.locator(".dialog-message-detail").textContent().catch(() => "");
        return { message: normalize(await message.textContent()), detail: normalize(detail) };
    }

    async click(button: string): Promise<void> {
        await this.box.getByRole("button", { name: button, exact: true }).click();
        await this.box.waitFor({ state: "detached" });
    }
}
