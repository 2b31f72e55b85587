// First run in the chat view: a welcome with the model's state and three ways to get a model
// while none is ready, what a waiting question is waiting for, long unbroken text that wraps,
// and markdown images shown as links, never loaded.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ModelPanel, ToWebview } from "../../protocol/webview.ts";
import { nextFrame, startHarness, type Harness } from "./harness.ts";
import { chunk, emptyConversation, runningTurn } from "./fixtures.ts";

function model(change: Partial<ModelPanel> = {}): ToWebview {
    return {
        type: "model",
        model: {
            ready: false, state: "gpt-oss: not loaded", activity: null, error: null,
            downloadDirectory: "/home/me/.config/Code/User/globalStorage/gpt-oss/models", fitNote: null, ...change,
        },
    };
}

describe("chat webview: first run", () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    test("the welcome shows the state and three ways to get a model, and goes away once one is ready", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(model({ fitNote: "No GPU was found: gpt-oss-20b (about 13 GB) would run on the CPU, several times slower than on a GPU." }));
        const welcome = page.locator("#welcome");
        assert.equal(await welcome.isVisible(), true);
        assert.equal(await welcome.locator(".welcome-state").textContent(), "Model: not loaded");
        assert.deepEqual(await welcome.locator("button").allTextContents(), ["Download gpt-oss-20b", "Use a GGUF file I have", "Connect to a server"]);
        assert.match(await welcome.textContent() ?? "", /12\.1 GB from Hugging Face, stored in \/home\/me\/.*\/models\. It runs offline afterwards\./);
        assert.match(await welcome.locator(".welcome-fit").textContent() ?? "", /^No GPU was found/);
        await chat.screenshot("welcome-empty");

        for (const name of ["Download gpt-oss-20b", "Use a GGUF file I have", "Connect to a server"]) await welcome.getByRole("button", { name }).click();
        const actions = (await chat.posted()).flatMap((message) => message.type === "welcomeAction" ? [message.action] : []);
        assert.deepEqual(actions, ["download", "localFile", "remote"]);

        // While a step runs, the welcome says which, and its buttons wait.
        await chat.deliver(model({ activity: "Checking the model on huggingface.co…", state: "gpt-oss: checking huggingface.co" }));
        assert.equal(await welcome.locator(".welcome-activity").textContent(), "Checking the model on huggingface.co…");
        assert.equal(await welcome.getByRole("button", { name: "Download gpt-oss-20b" }).isDisabled(), true);

        await chat.deliver(model({ ready: true, state: "gpt-oss: ready (CPU, 2048 ctx)" }));
        assert.equal(await welcome.isVisible(), false, "gone once a model is ready");
        await chat.deliver(model());
        assert.equal(await welcome.isVisible(), true, "back after the model is unloaded");
        assert.equal(await welcome.getByRole("button", { name: "Download gpt-oss-20b" }).isDisabled(), false);
    });

    test("a question waiting for the model says what it waits for, then Thinking…, until text arrives", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(model());
        await chat.deliver(runningTurn("t1", "What does main.ts do?"));
        const status = page.locator(".turn .turn-status");
        assert.equal(await status.textContent(), "Starting the model…");
        await chat.deliver(model({ activity: "Checking the model on huggingface.co…" }));
        assert.equal(await status.textContent(), "Checking the model on huggingface.co…");
        await chat.screenshot("question-waits-checking");
        await chat.deliver(model({ activity: "Downloading the model: 43 %" }));
        assert.equal(await status.textContent(), "Downloading the model: 43 %");
        await chat.deliver(model({ activity: "Loading the model: 40 %" }));
        assert.equal(await status.textContent(), "Loading the model: 40 %");
        await chat.deliver(model({ ready: true, state: "gpt-oss: ready (CPU, 2048 ctx)" }));
        assert.equal(await status.textContent(), "Thinking…");
        await chat.deliver(chunk("t1", "final", "It starts the server."));
        assert.equal(await status.textContent(), "", "the answer replaces the waiting line");
        // A later model change does not bring the line back under an answered question.
        await chat.deliver(model({ ready: true, state: "gpt-oss: ready (CPU, 2048 ctx)" }));
        assert.equal(await status.textContent(), "");
    });

    test("a turn that fails before the model is ready ends with the message, and the input works again", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "What does main.ts do?"));
        await chat.deliver(model({ activity: "Checking the model on huggingface.co…" }));
        const message = "huggingface.co cannot be reached from this machine (no answer within 10 s). If this network needs a proxy, set it in VS Code's http.proxy setting.";
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "error", error: message, reasoningMs: null });
        await chat.deliver(model({ error: message }));
        assert.equal(await page.locator(".turn .turn-status").textContent(), message);
        // Under the question the welcome is compact and does not repeat the message; its buttons remain.
        assert.equal(await page.locator("#welcome .welcome-error").isVisible(), false);
        assert.equal(await page.locator("#welcome").getByRole("button", { name: "Connect to a server" }).isVisible(), true);
        assert.match(await page.locator("#welcome").getByRole("button", { name: "Download gpt-oss-20b" }).getAttribute("title") ?? "", /runs offline afterwards/);
        // With no conversation (a welcome button failed), the welcome itself says why.
        await chat.deliver(emptyConversation());
        assert.equal(await page.locator("#welcome .welcome-error").textContent(), message);
        assert.equal(await page.locator("#welcome .welcome-error").isVisible(), true);
        assert.equal(await page.locator("#send").textContent(), "Send");
        await chat.screenshot("question-ends-unreachable");
    });

    test("long unbroken text wraps in questions, reasoning, notices, chips and errors: no sideways scrolling", async () => {
        const chat = await harness.open();
        const { page } = chat;
        const long = "QmFzZTY0".repeat(80);
        const path = `/home/me/${"very-long-folder-name/".repeat(12)}file.ts`;
        await chat.deliver(emptyConversation());
        await chat.deliver({ type: "attachments", items: [{ id: "a1", kind: "file", label: path }] });
        await chat.deliver({ type: "notice", text: `Attached ${path}` });
        await chat.deliver(runningTurn("t1", `What is ${long}?`));
        await chat.deliver(chunk("t1", "analysis", `The hash ${"f00d".repeat(40)} looks like ${long}`));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "error", error: `Cannot read ${path}${long}`, reasoningMs: 3 });
        await page.locator("details.thinking summary").click();
        await nextFrame(page);
        // Which parts are wider than the view (a named helper inside evaluate() would not survive tsx's transform).
        const overflowing = await page.evaluate(() => ["#scroller", ".composer", "html"].filter((selector) => {
            const element = document.querySelector(selector);
            return element !== null && element.scrollWidth > element.clientWidth + 1;
        }));
        assert.deepEqual(overflowing, []);
        await chat.screenshot("long-text-wraps");
    });

    test("a markdown image is its alt text and address as a link, never loaded", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Show the diagram"));
        await chat.deliver(chunk("t1", "final", "Here: ![architecture diagram](https://example.com/diagram.png) and ![](http://example.com/x.png)"));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        await nextFrame(page);
        const links = page.locator(".answer a.image-link");
        assert.deepEqual(await links.allTextContents(), ["architecture diagram", "image"]);
        assert.deepEqual(await links.evaluateAll((found) => found.map((link) => link.getAttribute("href"))), ["https://example.com/diagram.png", "http://example.com/x.png"]);
        assert.match(await page.locator(".answer").textContent() ?? "", /architecture diagram \(https:\/\/example\.com\/diagram\.png\)/);
        assert.equal(await page.locator(".answer img").count(), 0);
        // A click asks the extension to open it (VS Code then asks the user); the page itself stays.
        await links.first().click();
        const opened = (await chat.posted()).flatMap((message) => message.type === "openLink" ? [message.url] : []);
        assert.deepEqual(opened, ["https://example.com/diagram.png"]);
        assert.equal(await page.locator(".answer a.image-link").count(), 2, "the view did not navigate away");
        assert.deepEqual(harness.foreignRequests, [], "the image was not fetched");
    });
});
