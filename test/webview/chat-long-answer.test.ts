// A long answer stays smooth: streamed in thousands of small chunks, each settled block is
// rendered once, and the work per chunk does not grow with the length of the answer. The work is
// counted in DOM changes (a MutationObserver's records), not timed, so a busy machine does not
// change the result.
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
        // Stream it inside the page (8-character chunks, a frame every 4 chunks) and count the
        // nodes the view adds, removes or rewrites for each chunk.
        const work = await page.evaluate(async (answer) => {
            const costs: number[] = [];
            let changed = 0;
            const observer = new MutationObserver((records) => {
                changed += records.reduce((sum, record) => sum + record.addedNodes.length + record.removedNodes.length + (record.type === "characterData" ? 1 : 0), 0);
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            let sent = 0;
            for (let index = 0; index < answer.length; index += 8) {
                window.postMessage({ type: "chunk", turnId: "t1", channel: "final", text: answer.slice(index, index + 8) }, "*");
                await new Promise((resolve) => setTimeout(resolve, 0)); // the message is handled on a later task
                sent += 1;
                if (sent % 4 === 0) await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
                changed += observer.takeRecords().reduce((sum, record) => sum + record.addedNodes.length + record.removedNodes.length + (record.type === "characterData" ? 1 : 0), 0);
                costs.push(changed);
                changed = 0;
            }
            observer.disconnect();
            // No named helper here: tsx would wrap it in __name(), which the page does not have.
            const quarter = Math.floor(costs.length / 4);
            const first = costs.slice(0, quarter).reduce((sum, value) => sum + value, 0) / quarter;
            const last = costs.slice(-quarter).reduce((sum, value) => sum + value, 0) / quarter;
            return { chunks: costs.length, firstQuarter: first, lastQuarter: last };
        }, text);
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        await nextFrame(page);
        const blocks = await page.locator(".answer .block:not(.tail)").count();
        const codeBlocks = await page.locator(".answer .code-block").count();
        console.log(`# long answer: ${text.length} chars in ${work.chunks} chunks; DOM nodes changed per chunk ${work.firstQuarter.toFixed(1)} (first quarter) vs ${work.lastQuarter.toFixed(1)} (last quarter); ${blocks} settled blocks`);
        assert.equal(codeBlocks, 30);
        assert.ok(blocks >= 140, `${blocks} settled blocks`);
        // Re-rendering the whole answer per chunk would change ~140 blocks' nodes by the end.
        assert.ok(work.lastQuarter < work.firstQuarter * 2 + 10, `per-chunk work grew with the answer: ${work.firstQuarter.toFixed(1)} → ${work.lastQuarter.toFixed(1)} nodes`);
        assert.equal(await page.locator(".answer").textContent().then((value) => (value ?? "").includes("return n + 1;")), true);
    });
});
