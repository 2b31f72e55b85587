// A newcomer's first minutes in code-server: the chat view opens on a welcome with the three ways
// to get a model. Offline (the download site accepts connections and never answers), a question
// shows what it waits for and ends with a message that says the site cannot be reached, and the
// chat stays usable. Online, the welcome's "Download gpt-oss-20b" asks, shows the progress under
// the state and in the status bar, and ends with a ready model that answers. The Hugging Face
// stand-in on 127.0.0.1 serves a synthetic gpt-oss under gpt-oss-20b's real name.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before } from "node:test";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startModelHttpServer, type ModelHttpServer } from "../support/model-http-server.ts";
import { startSilentHost, type SilentHost } from "../support/silent-host.ts";
import { e2eTest } from "./harness/e2e-test.ts";
import { e2eCache } from "./harness/paths.ts";
import { Dialog } from "./pages/dialog.ts";

const ANSWER = "main.ts starts the server.";
const SCRIPT = `<|channel|>analysis<|message|>Look at main.<|end|><|start|>assistant<|channel|>final<|message|>${ANSWER}<|return|>`;

let silent: SilentHost;
let hub: ModelHttpServer;

before(async () => {
    silent = await startSilentHost();
    const model = await readFile(await createScriptedModel({ scripts: [{ trigger: "assistant", output: SCRIPT }], dir: join(e2eCache, "models") }));
    // Chunks with a pause (~6 MB/s): the 60 MB download lasts long enough for its progress to be seen.
    hub = await startModelHttpServer({ "giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf": { bytes: model } }, 256 * 1024, 40);
});
after(async () => {
    await silent.close();
    await hub.close();
});

e2eTest("first run offline: the welcome, then a question that ends with 'cannot be reached' instead of waiting", {
    settingsFor: () => ({
        "gptOss.model.source": "huggingface",
        "gptOss.model.huggingFaceUri": "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf",
        "gptOss.model.huggingFaceEndpoint": silent.url,
    }),
}, async ({ workbench, page, t, checkpoint }) => {
    await workbench.views.openActivity("gpt-oss");
    const chat = workbench.views.webview();
    const welcome = chat.locator("#welcome");
    await welcome.waitFor({ state: "visible", timeout: 30_000 });
    assert.deepEqual(await welcome.locator("button").allTextContents(), ["Download gpt-oss-20b", "Use a GGUF file I have", "Connect to a server"]);
    assert.equal(await welcome.locator(".welcome-state").textContent(), "Model: not loaded");
    assert.match(await welcome.textContent() ?? "", /12\.1 GB from Hugging Face, stored in .*models\. It runs offline afterwards\./);
    // The view's title is the name the extension gives it, not "Chat" under a capitalised container.
    // (code-server capitalises it on screen with CSS; the text is the extension's.)
    assert.equal(await page.locator(".sidebar .composite.title h2").textContent(), "gpt-oss");
    await checkpoint("empty welcome");

    await chat.locator("#input").fill("What does main.ts do?");
    await chat.locator("#input").press("Enter");
    const host = `127.0.0.1:${silent.port}`;
    await chat.locator(".turn .turn-status", { hasText: `Checking the model on ${host}…` }).waitFor({ state: "visible", timeout: 30_000 });
    await workbench.statusBar.waitForText(new RegExp(`^gpt-oss: checking ${host.replace(/\./g, "\\.")}$`));
    await checkpoint("checking the model");

    // The bound is the subtest's own timeout: the message must come within 20 s of asking.
    await t.test("the question ends with the message", { timeout: 20_000 }, async () => {
        await chat.locator(".turn[data-state=error]").waitFor({ state: "visible", timeout: 0 });
    });
    const message = await chat.locator(".turn .turn-status").textContent() ?? "";
    assert.match(message, new RegExp(`^${host.replace(/\./g, "\\.")} cannot be reached from this machine \\(no answer within 10 s\\)\\.`));
    assert.match(message, /http\.proxy/);
    assert.match(message, /GGUF file you already have, or connect to a server/);
    // The welcome stays under the question, compact (the message is the question's own line), with its ways out.
    assert.equal(await welcome.isVisible(), true);
    assert.equal(await welcome.getByRole("button", { name: "Use a GGUF file I have" }).isEnabled(), true);
    assert.equal(await chat.locator(".turn .turn-status").isVisible(), true, "the message is in view");
    assert.equal(await workbench.statusBar.text(), "gpt-oss: not loaded");
    assert.ok(silent.connections >= 1, "the server did try the site");
    await checkpoint("offline message");

    // Usable afterwards: the composer is back to Send, and the next question is taken.
    assert.equal(await chat.locator("#send").textContent(), "Send");
    await chat.locator("#input").fill("And now?");
    await chat.locator("#input").press("Enter");
    await chat.locator(".turn").nth(1).waitFor({ state: "visible" });
    assert.equal(await chat.locator(".turn").nth(1).locator(".user").textContent(), "And now?");
});

e2eTest("first run online: Download gpt-oss-20b from the welcome asks, shows progress, ends ready, and the chat answers", {
    needsModel: true,
    timeoutMs: 240_000,
    settingsFor: () => ({
        "gptOss.model.source": "local",
        "gptOss.model.localPath": "",
        "gptOss.model.huggingFaceEndpoint": hub.endpoint,
    }),
}, async ({ workbench, checkpoint }) => {
    await workbench.views.openActivity("gpt-oss");
    const chat = workbench.views.webview();
    const welcome = chat.locator("#welcome");
    await welcome.waitFor({ state: "visible", timeout: 30_000 });
    await welcome.getByRole("button", { name: "Download gpt-oss-20b" }).click();

    const dialog = new Dialog(workbench.page);
    await dialog.waitFor(/needs gpt-oss-20b\.MXFP4\.gguf \([\d.]+ MB\) to run on this machine\. Download it now\?/);
    assert.equal(await welcome.locator(".welcome-activity").textContent(), "Waiting for your answer: download gpt-oss-20b.MXFP4.gguf?");
    assert.equal(hub.requests.filter((request) => request.rangeStart !== null).length, 0, "nothing is downloaded before the user agrees");
    await dialog.click("Download");

    await welcome.locator(".welcome-activity", { hasText: /^Downloading the model: [1-9]\d* %$/ }).waitFor({ state: "visible", timeout: 30_000 });
    assert.match(await workbench.statusBar.text(), /^gpt-oss: downloading \d+ %$/);
    await checkpoint("download progress");

    await welcome.waitFor({ state: "hidden", timeout: 120_000 });
    assert.equal(await workbench.statusBar.waitForText(/^gpt-oss: ready/), "gpt-oss: ready (CPU, 2048 ctx)");
    await chat.locator("#input").fill("What does main.ts do?");
    await chat.locator("#input").press("Enter");
    await chat.locator(".turn[data-state=done]").waitFor({ state: "visible", timeout: 120_000 });
    assert.equal((await chat.locator(".answer").textContent())?.trim(), ANSWER);
    await checkpoint("ready");
});
