// A team's gpt-oss endpoint as a person meets it in code-server: the settings name the endpoint,
// the first load is refused for want of a key, the error's "Set API Key" asks for it in a hidden
// box, the extension reconnects and says "ready (remote, N ms)", and the chat view streams the
// endpoint's answer with its reasoning tucked away. The endpoint is the recorded-protocol server
// (test/support/recorded-openai-server.ts): a test double replaying vLLM's wire format, because
// no gpt-oss server can run on these machines. The key must reach the endpoint and nowhere else:
// not settings.json, not the log (even with JSON-RPC tracing on). The second case sets an
// endpoint up from Choose Model instead of settings: URL, key, a pick from the endpoint's models.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { e2eTest } from "./harness/e2e-test.ts";
import { waitUntil } from "./harness/wait.ts";
import {
    errorReply, ollamaModels, startRecordedOpenAIServer, vllmChatChunks, vllmModels, type RecordedOpenAIServer,
} from "../support/recorded-openai-server.ts";

const MODEL = "openai/gpt-oss-120b";
const API_KEY = "sk-team-e2e-5f0c9a7d3b1e";
const ANSWER = ["The endpoint ", "answers: ", "**4**."];
const REASONING = ["Two plus two ", "is four."];

let endpoint: RecordedOpenAIServer;

before(async () => {
    endpoint = await startRecordedOpenAIServer((request) => {
        if (request.headers.authorization !== `Bearer ${API_KEY}`) return errorReply(401, "Invalid API key");
        if (request.path === "/v1/models") return vllmModels(MODEL, 65536);
        if (request.path === "/v1/chat/completions") {
            return { kind: "sse", delayMs: 30, events: vllmChatChunks(MODEL, { reasoning: REASONING, content: ANSWER, usage: { prompt: 120, completion: 12 } }) };
        }
        return errorReply(404, `no route ${request.path}`);
    });
});
after(() => endpoint.close());

e2eTest("remote endpoint: the key is asked for, the status says remote, chat streams from it", {
    timeoutMs: 240_000,
    settingsFor: () => ({
        "gptOss.model.source": "remote",
        "gptOss.remote.endpoint": endpoint.baseUrl,
        "gptOss.remote.model": MODEL,
        // Every JSON-RPC message's parameters go to the log, except the ones carrying the key.
        "gptOss.trace.server": "verbose",
    }),
}, async ({ workbench, page, session, checkpoint }) => {
    // Trace messages reach our log only at its Trace level; a user chasing a problem sets it so.
    await workbench.palette.run("Developer: Set Log Level...", { asksInput: true });
    await checkpoint("set log level: channels");
    await workbench.quickInput.selectThenContinue("gpt-oss");
    await checkpoint("set log level: levels");
    await workbench.quickInput.select("Trace");
    await workbench.palette.run("gpt-oss: Load Model");
    const refused = /needs an API key \(401/;
    const message = await workbench.notifications.waitFor(refused, { timeout: 60_000 });
    assert.match(message, new RegExp(`The endpoint .*127\\.0\\.0\\.1.* needs an API key`));
    await workbench.statusBar.waitForText(/^gpt-oss: error$/);
    await checkpoint("refused without a key, Set API Key offered");

    await workbench.notifications.clickAction(refused, "Set API Key");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-widget .quick-input-title", { hasText: "API key for" }).waitFor();
    assert.equal(await input.getAttribute("type"), "password", "the key is typed into a hidden box");
    await input.fill(API_KEY);
    await checkpoint("key typed into the hidden box");
    const { seen } = await workbench.statusBar.watch(async () => {
        await input.press("Enter");
        return workbench.statusBar.waitForText(/^gpt-oss: ready \(remote/, { timeout: 60_000 });
    });
    assert.match(seen.at(-1) ?? "", /^gpt-oss: ready \(remote, \d+ ms\)$/, `status went ${seen.join(" → ")}`);
    await checkpoint("ready (remote, latency)");

    await workbench.views.openActivity("gpt-oss");
    const chat = workbench.views.webview();
    await chat.locator("#input").waitFor({ state: "visible", timeout: 30_000 });
    await chat.locator("#input").fill("What is 2 + 2?");
    await chat.locator("#input").press("Enter");
    await chat.locator(".turn[data-state=done]").waitFor({ state: "visible", timeout: 60_000 });
    assert.equal((await chat.locator(".answer").textContent())?.trim(), "The endpoint answers: 4.");
    assert.equal(await chat.locator(".answer strong").textContent(), "4", "the endpoint's Markdown is rendered");
    const thinking = chat.locator("details.thinking");
    assert.equal(await thinking.getAttribute("open"), null, "reasoning starts collapsed");
    await thinking.locator("summary").click();
    assert.equal((await chat.locator(".reasoning").textContent())?.trim(), REASONING.join(""));
    await checkpoint("chat answered by the endpoint, reasoning opened");

    const chatRequests = endpoint.requests.filter((request) => request.path === "/v1/chat/completions");
    assert.equal(chatRequests.length, 1, "one chat request reached the endpoint");
    const body = chatRequests[0]!.body;
    assert.equal(body.model, MODEL);
    assert.equal(body.stream, true);
    assert.ok(typeof body.reasoning_effort === "string", "the reasoning effort travels with the request");
    assert.ok(JSON.stringify(body.messages).includes("What is 2 + 2?"), "the question is in the request");
    const keyed = endpoint.requests.filter((request) => request.headers.authorization === `Bearer ${API_KEY}`);
    assert.ok(keyed.length >= 2, "the models check and the chat both carried the key");

    // The key went to the endpoint and nowhere else the user (or a screenshot) can read.
    const settings = readFileSync(join(session.profile.userDataDir, "User", "settings.json"), "utf8");
    assert.ok(!settings.includes(API_KEY), "the key is not in settings.json");
    await workbench.palette.run("gpt-oss: Show Log");
    await workbench.output.waitVisible();
    assert.equal(await workbench.output.channel(), "gpt-oss");
    await checkpoint("log with JSON-RPC traces");
    // Every log code-server wrote for this profile: our channel, the extension host, the server.
    const logs = readdirSync(join(session.profile.userDataDir, "logs"), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    const ours = logs.find((file) => file.endsWith("gpt-oss.log"));
    assert.ok(ours, `our log channel's file is among ${logs.join(", ")}`);
    // The file is written behind the panel: wait for the chat turn's trace to land in it.
    const ourLog = await waitUntil(() => {
        const text = readFileSync(ours, "utf8");
        return /\[trace\] Received response 'gptoss\/chat\/turn/.test(text) ? text : undefined;
    }, "the chat turn's trace in gpt-oss.log");
    assert.match(ourLog, /connected to http:\/\/127\.0\.0\.1:\d+\/v1: model openai\/gpt-oss-120b/);
    assert.match(ourLog, /\[trace\] Sending request 'gptoss\/chat\/turn/, "tracing was on, so a traced key would be in the log");
    for (const file of logs) assert.ok(!readFileSync(file, "utf8").includes(API_KEY.slice(3)), `the key is in ${file}`);
});

e2eTest("remote endpoint: Choose Model → Remote endpoint…, key, pick the model, connected", {
    timeoutMs: 180_000,
}, async ({ workbench, page, session, checkpoint }) => {
    // An Ollama-style endpoint serving two gpt-oss sizes; the user types its URL.
    const ollama = await startRecordedOpenAIServer((request) => {
        if (request.headers.authorization !== `Bearer ${API_KEY}`) return errorReply(401, "Invalid API key");
        if (request.path === "/v1/models") return ollamaModels("gpt-oss:20b", "gpt-oss:120b");
        return errorReply(404, `no route ${request.path}`);
    });
    try {
        const input = page.locator(".quick-input-widget input");
        const titled = (title: string) => page.locator(".quick-input-widget .quick-input-title", { hasText: title }).waitFor();
        await workbench.palette.run("gpt-oss: Choose Model", { asksInput: true });
        await workbench.quickInput.selectThenContinue("Remote endpoint…");
        await titled("OpenAI-compatible endpoint");
        await input.fill(ollama.baseUrl);
        await checkpoint("endpoint URL typed");
        await input.press("Enter");

        await titled("API key for");
        assert.equal(await input.getAttribute("type"), "password");
        await input.fill(API_KEY);
        await input.press("Enter");

        await titled("Models on");
        assert.deepEqual(await workbench.quickInput.items(), ["gpt-oss:20b", "gpt-oss:120b"]);
        await checkpoint("the endpoint's models to pick from");
        const { seen } = await workbench.statusBar.watch(async () => {
            await workbench.quickInput.select("gpt-oss:120b");
            return workbench.statusBar.waitForText(/^gpt-oss: (ready|error)/, { timeout: 60_000 });
        });
        assert.match(seen.at(-1) ?? "", /^gpt-oss: ready \(remote, \d+ ms\)$/, `status went ${seen.join(" → ")}`);
        await checkpoint("connected to the chosen model");

        const settings = readFileSync(join(session.profile.userDataDir, "User", "settings.json"), "utf8");
        const saved = JSON.parse(settings) as Record<string, unknown>;
        assert.equal(saved["gptOss.model.source"], "remote");
        assert.equal(saved["gptOss.remote.endpoint"], ollama.baseUrl);
        assert.equal(saved["gptOss.remote.model"], "gpt-oss:120b");
        assert.ok(!settings.includes(API_KEY.slice(3)), "the key is not in settings.json");
        assert.deepEqual(ollama.requests.map((request) => [request.path, request.headers.authorization === `Bearer ${API_KEY}`]), [
            ["/v1/models", false], ["/v1/models", true], ["/v1/models", true],
        ], "listed without a key (401), listed with it, then connected with it");

        // Choosing again: the URL is prefilled and the model in use comes first, so Enter keeps it.
        await workbench.palette.run("gpt-oss: Choose Model", { asksInput: true });
        await workbench.quickInput.selectThenContinue("Remote endpoint…");
        await titled("OpenAI-compatible endpoint");
        assert.equal(await input.inputValue(), ollama.baseUrl);
        await input.press("Enter");
        await titled("Models on");
        assert.deepEqual(await workbench.quickInput.items(), ["gpt-oss:120b", "gpt-oss:20b"]);
        const first = workbench.quickInput.widget.locator(".quick-input-list .monaco-list-row").first();
        assert.match(await first.textContent() ?? "", /in use/);
        await checkpoint("choosing again: the model in use first");
        await workbench.quickInput.dismiss();
    } finally {
        await ollama.close();
    }
});
