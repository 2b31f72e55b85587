// Keeps the recorded-protocol double (test/support/recorded-openai-server.ts) truthful about
// llama-server: the JSON shapes (keys and value types, in stream order) of what the double
// replays as llama-server must be what the real llama-server (test/support/llama-server.ts)
// sends for the same kind of answer. Then the two findings from running our backend against
// the real server are pinned on the double too, so they stay covered where it stands in.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { InlineCompletionRequest } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { LLAMA_SERVER_MODEL, llamaServerConfig, startLlamaServer, type LlamaServerHandle } from "../support/llama-server.ts";
import {
    llamaServerChatChunks, llamaServerCompletionChunks, llamaServerModels, startRecordedOpenAIServer, type RecordedOpenAIServer,
} from "../support/recorded-openai-server.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

const USER_TEXT = "What is six times seven?";
const READ_FILE = { type: "function", function: { name: "read_file", description: "Read a file of the workspace", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } };

/** Keys and value types, not values: what a client's parser depends on. */
function shape(value: unknown): unknown {
    if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
    if (value === null) return "null";
    if (typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
        return Object.fromEntries(entries.map(([key, item]) => [key, shape(item)]));
    }
    return typeof value;
}

/** The stream's chunk shapes with repeats in a row collapsed (the number of text pieces varies). */
function shapes(chunks: unknown[]): string[] {
    const out: string[] = [];
    for (const chunk of chunks) {
        const text = JSON.stringify(shape(chunk));
        if (out.at(-1) !== text) out.push(text);
    }
    return out;
}

async function sse(url: string, body: Record<string, unknown>): Promise<unknown[]> {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(text.trimEnd().endsWith("data: [DONE]"), "the stream ends with [DONE]");
    return text.split("\n\n").map((event) => event.trim()).filter((event) => event.startsWith("data: ") && event !== "data: [DONE]")
        .map((event) => JSON.parse(event.slice("data: ".length)) as unknown);
}

describe("the double's llama-server wire format matches the real server", () => {
    let chat: LlamaServerHandle;
    let tools: LlamaServerHandle;
    before(async () => {
        chat = await startLlamaServer({
            model: await createScriptedModel({
                scripts: [{ trigger: "assistant", output: "<|channel|>analysis<|message|>Let me think.<|end|><|start|>assistant<|channel|>final<|message|>The answer is 42.<|return|>" }],
                promptTexts: [USER_TEXT],
            }),
        });
        tools = await startLlamaServer({
            model: await createScriptedModel({
                scripts: [{ trigger: "assistant", output: "<|channel|>analysis<|message|>Need the file.<|end|><|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{\"path\":\"a.ts\"}<|call|>" }],
                promptTexts: [USER_TEXT, JSON.stringify(READ_FILE.function), "path: string"],
            }),
        });
    });
    after(async () => {
        await chat.kill();
        await tools.kill();
    });

    test("/v1/models", async () => {
        const real = await (await fetch(`${chat.baseUrl}/models`)).json();
        const double = llamaServerModels(LLAMA_SERVER_MODEL);
        assert.equal(double.kind, "json");
        assert.deepEqual(shape(double.kind === "json" ? double.body : null), shape(real));
    });

    test("a streamed chat answer with reasoning and usage", async () => {
        const real = await sse(`${chat.baseUrl}/chat/completions`, {
            model: LLAMA_SERVER_MODEL, messages: [{ role: "user", content: USER_TEXT }], stream: true, stream_options: { include_usage: true }, reasoning_effort: "low",
        });
        const double = llamaServerChatChunks(LLAMA_SERVER_MODEL, { reasoning: ["Let", " me think."], content: ["The", " answer is 42."], usage: { prompt: 68, completion: 19 } });
        assert.deepEqual(shapes(double), shapes(real));
    });

    test("a streamed tool call", async () => {
        const real = await sse(`${tools.baseUrl}/chat/completions`, {
            model: LLAMA_SERVER_MODEL, messages: [{ role: "user", content: USER_TEXT }], tools: [READ_FILE], stream: true, stream_options: { include_usage: true },
        });
        const double = llamaServerChatChunks(LLAMA_SERVER_MODEL, {
            reasoning: ["Need the file."], toolCall: { id: "JrjL07C7VyEWo5F0F6IMpRN3CQEEUXWe", name: "read_file", argumentPieces: ["{", "\"path\":\"a.ts\"}"] }, usage: { prompt: 125, completion: 29 },
        });
        assert.deepEqual(shapes(double), shapes(real));
    });

    test("a streamed raw completion, special tokens as text", async () => {
        const real = await sse(`${chat.baseUrl}/completions`, {
            model: LLAMA_SERVER_MODEL, prompt: `<|start|>user<|message|>${USER_TEXT}<|end|><|start|>assistant`, max_tokens: 40, temperature: 0, stream: true, stream_options: { include_usage: true },
        });
        const texts = real.map((chunk) => (chunk as { choices: Array<{ text: string }> }).choices[0]!.text);
        assert.ok(texts.includes("<|end|>"), `llama-server streams <|end|> as text: ${JSON.stringify(texts)}`);
        const double = llamaServerCompletionChunks(LLAMA_SERVER_MODEL, ["<|channel|>", "final", "<|message|>", "The answer is 42."], { prompt: 12, completion: 16 });
        assert.deepEqual(shapes(double), shapes(real));
    });
});

describe("our backend on the double's llama-server format", () => {
    let endpoint: RecordedOpenAIServer;
    let server: ServerHandle;
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => {
            if (request.path === "/v1/models") return llamaServerModels(LLAMA_SERVER_MODEL, 16384);
            if (request.path === "/v1/completions") return { kind: "sse", events: llamaServerCompletionChunks(LLAMA_SERVER_MODEL, ["a + b", ";", "<|end|>", "<|start|>", "assistant"], { prompt: 300, completion: 5 }) };
            return { kind: "sse", events: llamaServerChatChunks(LLAMA_SERVER_MODEL, { reasoning: ["Sum."], content: ["Done."], usage: { prompt: 70, completion: 4 } }) };
        });
        server = await startServer();
    });
    after(async () => {
        await server.stop();
        await endpoint.close();
    });

    test("the context comes from meta.n_ctx, and a chat turn reads llama-server's chunks", async () => {
        const status = await server.client.load(llamaServerConfig(endpoint.baseUrl));
        assert.equal(status.contextSize, 16384);
        const result = await server.client.chatTurn({ messages: [{ role: "user", content: "Go" }], reasoningEffort: "low" }, () => undefined);
        assert.deepEqual([result.reasoning, result.text, result.usage.promptTokens], ["Sum.", "Done.", 70]);
    });

    test("a raw completion stops at the first harmony token the server sends as text", async () => {
        await server.client.load(llamaServerConfig(endpoint.baseUrl));
        const result = await server.client.request(InlineCompletionRequest, {
            path: "src/math.ts", languageId: "typescript", prefix: "const sum = (a: number, b: number) => ", suffix: "\n", maxLines: 1,
        });
        assert.equal(result.text, "a + b;");
    });
});
