// The Output panel: which channel it shows and the lines of it on screen.
import type { Locator, Page } from "playwright-core";
import { normalize } from "./text.ts";

export class OutputPanel {
    constructor(private readonly page: Page) {}

    get root(): Locator {
        return this.page.locator(".part.panel .output-view, .part.panel [id='workbench.panel.output']").first();
    }

    async waitVisible(): Promise<void> {
        await this.page.locator(".part.panel .monaco-editor .view-lines").first().waitFor({ state: "visible" });
    }

    /** The channel picked in the panel's drop-down (e.g. "gpt-oss"). */
    async channel(): Promise<string> {
        const select = this.page.locator(".part.panel select.monaco-select-box").first();
        return normalize(await select.evaluate((element) => {
            const box = element as HTMLSelectElement;
            return box.options[box.selectedIndex]?.textContent ?? "";
        }));
    }

    /** The rendered lines of the output editor, top to bottom. */
    async text(): Promise<string> {
        return this.page.locator(".part.panel .monaco-editor .view-lines").first().evaluate((element) => {
            const lines = [...element.querySelectorAll<HTMLElement>(".view-line")]
                .map((line) => ({ top: parseFloat(line.style.top || "0"), text: line.textContent ?? "" }))
                .sort((a, b) => a.top - b.top);
            return lines.map((line) => line.text.replace(/\u00a0/g, " ")).join("\n");
        });
    }

    /** Waits until a rendered line matches; returns the whole rendered text. */
    async waitForLine(pattern: RegExp, { timeout = 30_000 } = {}): Promise<string> {
        const deadline = Date.now() + timeout;
        let text = "";
        while (Date.now() < deadline) {
            text = await this.text().catch(() => "");
            if (text.split("\n").some((line) => pattern.test(line))) return text;
            await this.page.waitForTimeout(200);
        }
        throw new Error(`the Output panel never showed a line matching ${pattern}; it showed:\n${text}`);
    }
}
