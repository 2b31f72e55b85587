// Notification toasts (showInformationMessage / showWarningMessage / showErrorMessage).
import type { Locator, Page } from "playwright-core";
import { normalize } from "./text.ts";

export class Notifications {
    constructor(private readonly page: Page) {}

    private get toasts(): Locator {
        return this.page.locator(".notification-toast");
    }

    /** Messages of the toasts on screen now. */
    async messages(): Promise<string[]> {
        return (await this.toasts.locator(".notification-list-item-message").allTextContents()).map(normalize);
    }

    /** Waits for a toast whose message matches, and returns its full message. */
    async waitFor(pattern: RegExp | string, { timeout = 30_000 } = {}): Promise<string> {
        const message = this.toasts.locator(".notification-list-item-message", { hasText: pattern }).first();
        await message.waitFor({ state: "visible", timeout });
        return normalize(await message.textContent());
    }

    /** Clicks a button (e.g. "Show Log") on the toast whose message matches. */
    async clickAction(pattern: RegExp | string, action: string): Promise<void> {
        const toast = this.toasts.filter({ has: this.page.locator(".notification-list-item-message", { hasText: pattern }) }).first();
        await toast.getByRole("button", { name: action }).click();
    }

    /** Closes every toast ("Notifications: Clear All Notifications" has no default key here). */
    async clearAll(): Promise<void> {
        for (const close of await this.toasts.locator(".codicon-notifications-clear").all()) await close.click().catch(() => undefined);
    }
}
