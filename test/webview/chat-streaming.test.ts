// The chat bundle in real Chromium: streaming, incremental rendering, Stop, reasoning, keyboard.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { nextFrame, startHarness, type Harness } from "./harness.ts";
import { chunk, emptyConversation, runningTurn } from "./fixtures.ts";

describe("chat webview: streaming", () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    test("answers render as they stream, and settled blocks are not rendered again", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Explain it"));
        await chat.deliver(chunk("t1", "final", "First paragraph with **bold** text.\n\n"));
        await chat.deliver(chunk("t1", "final", "Second para"));
        await nextFrame(page);
        const first = page.locator(".answer .block:not(.tail)").first();
        assert.equal(await first.locator("strong").textContent(), "bold");
        assert.match(await page.locator(".answer .tail").textContent() ?? "", /Second para/);
        // Tag the settled block's DOM node; if later tokens re-rendered it, the tag would vanish.
        await first.evaluate((element) => { (element as HTMLElement & { tagged?: boolean }).tagged = true; });
        for (const piece of ["graph grows", " token by", " token.\n\n```ts\nconst x", " = 1;\n```\n"]) {
            await chat.deliver(chunk("t1", "final", piece));
            await nextFrame(page);
        }
        assert.equal(await first.evaluate((element) => (element as HTMLElement & { tagged?: boolean }).tagged === true), true, "the first block kept its node");
        assert.equal(await page.locator(".answer .block").count() >= 3, true);
        assert.match(await page.locator(".answer").textContent() ?? "", /Second paragraph grows token by token\./);
        assert.equal(await page.locator(".answer").getAttribute("aria-busy"), "true");
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        assert.equal(await page.locator(".answer").getAttribute("aria-busy"), "false");
        assert.equal(await page.locator(".answer pre code .hljs-keyword").first().textContent(), "const");
        await chat.screenshot("streaming-dark");
        assert.deepEqual(await chat.cspViolations(), []);
    });

    test("Send turns into Stop while a turn runs, and Stop posts a cancel at once", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await page.locator("#input").fill("What is 6 * 7?");
        await page.locator("#input").press("Enter");
        const sent = (await chat.posted()).find((message) => message.type === "send");
        assert.deepEqual(sent, { type: "send", text: "What is 6 * 7?", effort: "medium" });
        assert.equal(await page.locator("#input").inputValue(), "");
        await chat.deliver(runningTurn("t1", "What is 6 * 7?"));
        assert.equal(await page.locator("#send").textContent(), "Stop");
        await page.locator("#send").click();
        assert.deepEqual((await chat.posted()).at(-1), { type: "stop" });
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "stopped", reasoningMs: null });
        assert.equal(await page.locator("#send").textContent(), "Send");
        assert.equal(await page.locator(".turn-status").textContent(), "Stopped.");
    });

    test("Shift+Enter adds a line, Up recalls the last question, the effort picker is sent", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        const input = page.locator("#input");
        await input.click();
        await page.keyboard.type("line one");
        await page.keyboard.press("Shift+Enter");
        await page.keyboard.type("line two");
        assert.equal(await input.inputValue(), "line one\nline two");
        await page.locator("#effort").selectOption("high");
        await input.press("Enter");
        const posted = await chat.posted();
        assert.deepEqual(posted.find((message) => message.type === "setEffort"), { type: "setEffort", effort: "high" });
        assert.deepEqual(posted.at(-1), { type: "send", text: "line one\nline two", effort: "high" });
        await input.press("ArrowUp");
        assert.equal(await input.inputValue(), "line one\nline two");
    });

    test("reasoning is collapsed under \"Thought for <duration>\" once done, and expands", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Why?"));
        await chat.deliver(chunk("t1", "analysis", "The user asks why. Let me think."));
        await chat.deliver({ type: "reasoningDone", turnId: "t1", reasoningMs: 1234 });
        await chat.deliver(chunk("t1", "final", "Because."));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: 1234 });
        const thinking = page.locator("details.thinking");
        assert.equal(await thinking.getAttribute("open"), null);
        assert.equal(await thinking.locator("summary").textContent(), "Thought for 1.2 s");
        assert.equal(await page.locator(".reasoning").isVisible(), false);
        assert.doesNotMatch(await page.locator(".answer").textContent() ?? "", /Let me think/);
        await chat.screenshot("reasoning-collapsed");
        await thinking.locator("summary").click();
        assert.equal(await page.locator(".reasoning").isVisible(), true);
        assert.equal(await page.locator(".reasoning").textContent(), "The user asks why. Let me think.");
        await chat.screenshot("reasoning-expanded");
    });

    test("workspace lookups show beside the collapsed thinking, as they happen", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "What does add do?"));
        await chat.deliver(chunk("t1", "analysis", "Let me look at the code."));
        const lookups = page.locator(".lookups li");
        assert.equal(await page.locator(".lookups").isVisible(), false, "no list before anything is looked up");
        await chat.deliver({ type: "lookup", turnId: "t1", lookup: { summary: "reading src/math.js", failed: false } });
        assert.deepEqual(await lookups.allTextContents(), ["reading src/math.js"]);
        await chat.deliver({ type: "lookup", turnId: "t1", lookup: { summary: "reading <img src=x onerror=alert(1)>.js", failed: true } });
        await chat.deliver(chunk("t1", "final", "It adds two numbers."));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: 800 });
        assert.equal(await page.locator("details.thinking").getAttribute("open"), null, "the thinking stays collapsed");
        assert.equal(await page.locator(".lookups").isVisible(), true, "what was read is visible without opening it");
        assert.deepEqual(await lookups.allTextContents(), ["reading src/math.js", "reading <img src=x onerror=alert(1)>.js (failed)"]);
        assert.equal(await lookups.nth(1).getAttribute("class"), "failed");
        assert.equal(await page.locator(".lookups img").count(), 0, "a lookup's text is text, never markup");
        await chat.screenshot("lookups-beside-thinking");
        assert.deepEqual(await chat.cspViolations(), []);
    });

    test("a saved conversation is drawn whole, and a notice shows", async () => {
        const chat = await harness.open();
        await chat.deliver({
            type: "conversation", id: "c2", title: "Old", effort: "low",
            turns: [{ id: "a", user: "Q1", reasoning: "r", answer: "A1 *done*", reasoningMs: 50, state: "done", references: [], lookups: [{ summary: "listing the workspace", failed: false }] }],
        });
        assert.deepEqual(await chat.page.locator(".lookups li").allTextContents(), ["listing the workspace"]);
        await chat.deliver({ type: "notice", text: "The 1 oldest exchange … was left out" });
        assert.equal(await chat.page.locator(".answer em").textContent(), "done");
        assert.equal(await chat.page.locator("#effort").inputValue(), "low");
        assert.equal(await chat.page.locator("#notice").isVisible(), true);
    });
});
