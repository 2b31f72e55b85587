// Chat turns through the real server and engine, on scripted synthetic gpt-oss models whose
// output is known in advance: what the user would see stream in is exactly what was scripted.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { RequestCancelledError } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const USER = [{ role: "user" as const, content: "Say hello." }];

describe("a scripted final answer", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>Hello world! I am a tiny model.<|return|>" }] });
        server = await startServer();
        const status = await server.client.load(testConfig(model));
        assert.equal(status.state, "ready");
    });
    after(() => server.stop());

    test("loading reports the backend, context and threads in the status", async () => {
        const status = await server.client.status();
        assert.equal(status.backend, "cpu");
        assert.equal(status.contextSize, 2048);
        assert.equal(status.threads, 1);
        assert.match(status.modelName ?? "", /gpt-oss/);
    });

    test("streams exactly the scripted text on the final channel, with no reasoning", async () => {
        const chunks: Array<[string, string]> = [];
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "low" }, (channel, text) => chunks.push([channel, text]));
        assert.equal(result.text, "Hello world! I am a tiny model.");
        assert.equal(result.reasoning, "");
        assert.equal(result.stopReason, "end");
        assert.ok(chunks.length > 1, "the answer arrives in several chunks, not at the end");
        assert.ok(chunks.every(([channel]) => channel === "final"));
        assert.equal(chunks.map(([, text]) => text).join(""), result.text);
        assert.ok(result.usage.generatedTokens >= 5);
    });

    test("the status reports the decode speed after a generation", async () => {
        const status = await server.client.status();
        assert.ok(status.tokensPerSecond !== null && status.tokensPerSecond > 0);
    });

    test("a second turn with the first answer in the history reuses the cached prefix", async () => {
        const first = await server.client.chatTurn({ messages: USER, reasoningEffort: "low" }, () => undefined);
        const second = await server.client.chatTurn({
            messages: [...USER, { role: "assistant", content: first.text }, { role: "user", content: "Again." }],
            reasoningEffort: "low",
        }, () => undefined);
        assert.equal(second.text, "Hello world! I am a tiny model.");
        assert.ok(second.usage.evaluatedTokens < second.usage.promptTokens / 2,
            `evaluated ${second.usage.evaluatedTokens} of ${second.usage.promptTokens} prompt tokens`);
    });
});

describe("a scripted analysis-then-final answer", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: "<|channel|>analysis<|message|>Let me think.<|end|><|start|>assistant<|channel|>final<|message|>The answer is 42.<|return|>" }],
        });
        server = await startServer();
        await server.client.load(testConfig(model));
    });
    after(() => server.stop());

    test("reasoning arrives on its own stream and never in the answer", async () => {
        const analysis: string[] = [];
        const final: string[] = [];
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "medium" }, (channel, text) => (channel === "analysis" ? analysis : final).push(text));
        assert.equal(analysis.join(""), "Let me think.");
        assert.equal(final.join(""), "The answer is 42.");
        assert.equal(result.reasoning, "Let me think.");
        assert.equal(result.text, "The answer is 42.");
    });
});

describe("cancelling a generation that would never end", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock" });
        server = await startServer();
        await server.client.load(testConfig(model, { contextSize: 4096 }));
    });
    after(() => server.stop());

    test("cancel ends it mid-stream, and the next request works", async () => {
        const controller = new AbortController();
        let received = "";
        const turn = server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 100_000 }, (_channel, text) => {
            received += text;
            if (received.length > 40) controller.abort();
        }, controller.signal);
        await assert.rejects(turn, RequestCancelledError);
        assert.match(received, /^( tick tock)+/);

        const next = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 8 }, () => undefined);
        assert.equal(next.stopReason, "max-tokens");
        assert.equal(next.usage.generatedTokens, 8);
        assert.match(next.text, /tick/);
    });

    test("the server's sequence is free right after a cancel: a short request is not queued behind the cancelled one", async () => {
        for (let round = 0; round < 3; round += 1) {
            const controller = new AbortController();
            const turn = server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 100_000 }, () => controller.abort(), controller.signal);
            await assert.rejects(turn, RequestCancelledError);
        }
        const after = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 4 }, () => undefined);
        assert.equal(after.usage.generatedTokens, 4);
    });
});
