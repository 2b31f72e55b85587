// Activity bar containers, views, and the webviews inside them.
import type { FrameLocator, Locator, Page } from "playwright-core";

export class Views {
    constructor(private readonly page: Page) {}

    /** Clicks the activity bar entry whose label starts with `title` (its container's title). */
    async openActivity(title: string): Promise<void> {
        const entry = this.page.locator(".activitybar .action-item a.action-label").and(this.page.locator(`[aria-label^="${title}"]`));
        await entry.first().click();
    }

    /** A view pane (in the side bar or panel) by its header title. */
    pane(title: string): Locator {
        return this.page.locator(".pane", { has: this.page.locator(".pane-header", { hasText: title }) });
    }

    /**
     * The page inside a webview. VS Code hosts each webview in an outer iframe
     * (`iframe.webview`) whose document holds the content in `#active-frame`. `index` picks
     * among several visible webviews, in DOM order.
     */
    webview(index = 0): FrameLocator {
        return this.page.locator("iframe.webview").nth(index).contentFrame().frameLocator("#active-frame");
    }
}
