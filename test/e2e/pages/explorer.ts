// The Explorer view: opening a workspace file the way a person does, by clicking its row.
import type { Page } from "playwright-core";
import { literal } from "./text.ts";

export class Explorer {
    constructor(private readonly page: Page) {}

    /** Clicks the file's row (a top-level file, or one in an expanded folder). */
    async openFile(name: string): Promise<void> {
        const row = this.page.getByRole("treeitem", { name: new RegExp(`^${literal(name)}\\b`) });
        await row.first().click();
        // The editor tab for it is the proof it opened.
        await this.page.locator(".tabs-container .tab", { hasText: name }).first().waitFor();
    }
}
