// A long answer stays smooth: streamed in thousands of small chunks, each settled block is
// rendered once, and the work per chunk does not grow with the length of the answer.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { nextFrame, startHarness, type Harness } from "./harness.ts";
import { emptyConversation, runningTurn } from "./fixtures.ts";

const PARAGRAPH = "This paragraph explains one more detail of the change, with `inline code` and a **bold** word.\n\n";
const CODE = "```ts\nexport function step(n: number): number {\n    return n + 1;\n}\n```\n\n";

describe("chat webview: a long answer", () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    test("blocks render once and late chunks cost no more than early ones", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Long"));
        const text = Array.from({ length: 150 }, (_, index) => (index % 5 === 4 ? CODE : PARAGRAPH)).join("");
        // Stream it inside the page (8-character chunks, a frame every 4 chunks) and time the
        // view's work per chunk; delivering from Node would time the test's own round trips.
        const timing = await page.evaluate(async (answer) => {
            const costs: number[] = [];
            let sent = 0;
            for (let index = 0; index < answer.length; index += 8) {
                const started = performance.now();
                window.postMessage({ type: "chunk", turnId: "t1", channel: "final", text: answer.slice(index, index + 8) }, "*");
                await new Promise((resolve) => setTimeout(resolve, 0));
                sent += 1;
                if (sent % 4 === 0) await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
                costs.push(performance.now() - started);
            }
            // No named helper here: tsx would wrap it in __name(), which the page does not have.
            const quarter = Math.floor(costs.length / 4);
            const first = costs.slice(0, quarter).reduce((sum, value) => sum + value, 0) / quarter;
            const last = costs.slice(-quarter).reduce((sum, value) => sum + value, 0) / quarter;
            return { chunks: costs.length, firstQuarterMs: first, lastQuarterMs: last };
        }, text);
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        await nextFrame(page);
        const blocks = await page.locator(".answer .block:not(.tail)").count();
        const codeBlocks = await page.locator(".answer .code-block").count();
        console.log(`# long answer: ${text.length} chars in ${timing.chunks} chunks; mean per chunk ${timing.firstQuarterMs.toFixed(2)} ms (first quarter) vs ${timing.lastQuarterMs.toFixed(2)} ms (last quarter); ${blocks} settled blocks`);
        assert.equal(codeBlocks, 30);
        assert.ok(blocks >= 140, `${blocks} settled blocks`);
        assert.ok(timing.lastQuarterMs < timing.firstQuarterMs * 3 + 2, "per-chunk work does not grow with the answer");
        assert.equal(await page.locator(".answer").textContent().then((value) => (value ?? "").includes("return n + 1;")), true);
    });
});
