// Our status bar item. VS Code gives the entry the DOM id "<extension id>.<item id>".
import type { Locator, Page } from "playwright-core";
import { EXTENSION_ID } from "../harness/paths.ts";
import { normalize } from "./text.ts";

export const STATUS_ITEM_ID = `${EXTENSION_ID}.gptOss.status`;

export class StatusBar {
    constructor(private readonly page: Page) {}

    get item(): Locator {
        return this.page.locator(`[id="${STATUS_ITEM_ID}"]`);
    }

    async waitVisible({ timeout = 60_000 } = {}): Promise<void> {
        await this.item.waitFor({ state: "visible", timeout });
    }

    /** The item's text without its codicon, e.g. "gpt-oss: ready (CPU, 2048 ctx)". */
    async text(): Promise<string> {
        return normalize(await this.item.locator(".statusbar-item-label").textContent());
    }

    /** The codicon names in the item, e.g. ["check"]; a spinning one also has "modifier-spin". */
    async icons(): Promise<string[]> {
        const classes: string[] = await this.item.locator(".codicon").evaluateAll((elements) => elements.map((element) => element.getAttribute("class") ?? ""));
        return classes.flatMap((name) => name.split(/\s+/).filter((c) => c.startsWith("codicon-")).map((c) => c.slice("codicon-".length)));
    }

    /** Hovers the item and returns its tooltip's text once it contains `expected`; the error names what it showed. */
    async tooltipContaining(expected: string, { timeout = 15_000 } = {}): Promise<string> {
        const hover = this.page.locator(".workbench-hover, .monaco-hover").filter({ visible: true }).last();
        const deadline = Date.now() + timeout;
        let last = "";
        while (Date.now() < deadline) {
            await this.item.hover();
            last = normalize(await hover.innerText({ timeout: 2_000 }).catch(() => ""));
            if (last.includes(expected)) return last;
            await this.page.mouse.move(0, 0);
            await this.page.waitForTimeout(300);
        }
        throw new Error(`the status bar tooltip never contained "${expected}"; last seen: "${last}"`);
    }

    /** Waits until the text matches; the error names the last text seen. */
    async waitForText(pattern: RegExp, { timeout = 60_000 } = {}): Promise<string> {
        const deadline = Date.now() + timeout;
        let last = "";
        while (Date.now() < deadline) {
            last = await this.text().catch(() => "");
            if (pattern.test(last)) return last;
            await this.page.waitForTimeout(200);
        }
        throw new Error(`status bar never matched ${pattern} within ${timeout} ms; last text: "${last}"`);
    }

    /**
     * Waits until the item has shown texts matching each pattern in turn (e.g. restarting, then
     * ready), so a stale text from before an event cannot satisfy the wait. Returns the texts seen.
     */
    async waitForSequence(patterns: RegExp[], { timeout = 60_000 } = {}): Promise<string[]> {
        const deadline = Date.now() + timeout;
        const seen: string[] = [];
        let next = 0;
        while (next < patterns.length) {
            if (Date.now() > deadline) throw new Error(`status bar never matched ${patterns[next]} (step ${next + 1} of ${patterns.length}) within ${timeout} ms; it showed: ${seen.join(" → ")}`);
            const text = await this.text().catch(() => "");
            if (text && seen.at(-1) !== text) seen.push(text);
            if (patterns[next]!.test(text)) next += 1;
            else await this.page.waitForTimeout(50);
        }
        return seen;
    }

    /** Records every distinct text the item shows while `action` runs (to see passing states). */
    async watch<T>(action: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
        const seen: string[] = [];
        let watching = true;
        const sample = async () => {
            const text = await this.text().catch(() => "");
            if (text && seen.at(-1) !== text) seen.push(text);
        };
        const poll = (async () => {
            while (watching) {
                await sample();
                await this.page.waitForTimeout(50);
            }
            // The action may have ended on a change the loop has not sampled yet.
            await sample();
        })();
        try {
            return { result: await action(), seen };
        } finally {
            watching = false;
            await poll;
        }
    }

    async click(): Promise<void> {
        await this.item.locator(".statusbar-item-label").click();
    }
}
