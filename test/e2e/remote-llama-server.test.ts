// A person pointing the extension at llama.cpp's own llama-server, in code-server: Choose Model →
// Remote endpoint…, the server's URL (no key: llama-server asks for none), its one model picked,
// "ready (remote, N ms)", and a chat answer streamed from it with the reasoning collapsed. The
// server is the real llama-server (test/support/llama-server.ts), built from the llama.cpp source
// we ship, serving a scripted synthetic gpt-oss GGUF with gpt-oss's chat template (--jinja).
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { e2eTest } from "./harness/e2e-test.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { LLAMA_SERVER_MODEL, startLlamaServer, type LlamaServerHandle } from "../support/llama-server.ts";

// Unusual words: the scripted model tells its reasoning from its answer by a word of the
// reasoning that must not occur in the prompt (the chat's system prompt and workspace context).
const REASONING = "Quokkas multiply sixfold.";
const ANSWER = "Six sevens make **42**.";
const QUESTION = "What is six times seven?";

let llama: LlamaServerHandle;

before(async () => {
    const model = await createScriptedModel({
        scripts: [{ trigger: "assistant", output: `<|channel|>analysis<|message|>${REASONING}<|end|><|start|>assistant<|channel|>final<|message|>${ANSWER}<|return|>` }],
        promptTexts: [QUESTION],
    });
    llama = await startLlamaServer({ model });
});
after(() => llama.kill());

e2eTest("llama-server: Choose Model → Remote endpoint…, its model picked, chat streams with reasoning collapsed", {
    timeoutMs: 240_000,
}, async ({ workbench, page, checkpoint }) => {
    const input = page.locator(".quick-input-widget input");
    const titled = (title: string) => page.locator(".quick-input-widget .quick-input-title", { hasText: title }).waitFor();
    await workbench.palette.run("gpt-oss: Choose Model", { asksInput: true });
    await workbench.quickInput.selectThenContinue("Remote endpoint…");
    await titled("OpenAI-compatible endpoint");
    await input.fill(llama.baseUrl);
    await checkpoint("llama-server's URL typed");
    await input.press("Enter");

    // No key box: llama-server (started without --api-key) lists its models to anyone.
    await titled("Models on");
    assert.deepEqual(await workbench.quickInput.items(), [LLAMA_SERVER_MODEL]);
    await checkpoint("llama-server's model to pick");
    const { seen } = await workbench.statusBar.watch(async () => {
        await workbench.quickInput.select(LLAMA_SERVER_MODEL);
        return workbench.statusBar.waitForText(/^gpt-oss: (ready|error)/, { timeout: 60_000 });
    });
    assert.match(seen.at(-1) ?? "", /^gpt-oss: ready \(remote, \d+ ms\)$/, `status went ${seen.join(" → ")}`);
    await checkpoint("connected to llama-server");

    await workbench.views.openActivity("gpt-oss");
    const chat = workbench.views.webview();
    await chat.locator("#input").waitFor({ state: "visible", timeout: 30_000 });
    await chat.locator("#input").fill(QUESTION);
    await chat.locator("#input").press("Enter");
    await chat.locator(".turn[data-state=done]").waitFor({ state: "visible", timeout: 120_000 });
    assert.equal((await chat.locator(".answer").textContent())?.trim(), "Six sevens make 42.");
    assert.equal(await chat.locator(".answer strong").textContent(), "42", "the answer's Markdown is rendered");
    assert.ok(!(await chat.locator(".answer").textContent())?.includes("Quokkas"), "no reasoning in the answer");
    const thinking = chat.locator("details.thinking");
    assert.equal(await thinking.getAttribute("open"), null, "reasoning starts collapsed");
    await checkpoint("answered by llama-server, reasoning collapsed");
    await thinking.locator("summary").click();
    assert.equal((await chat.locator(".reasoning").textContent())?.trim(), REASONING);
    await checkpoint("reasoning opened");
});
