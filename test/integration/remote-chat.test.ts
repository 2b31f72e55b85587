// The remote backend against a recorded-protocol server (test/support/recorded-openai-server.ts)
// replaying vLLM's and Ollama's wire formats: connecting, streaming chat with reasoning kept
// apart from the answer, and an agent-style tool run (call → tool result → answer) through the
// real language server bundle.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage, ToolDefinition } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { remoteConfig } from "../support/remote-config.ts";
import {
    ollamaChatChunks, ollamaModels, startRecordedOpenAIServer, vllmChatChunks, vllmModels, type RecordedOpenAIServer, type Reply,
} from "../support/recorded-openai-server.ts";

const VLLM_MODEL = "openai/gpt-oss-120b";

function collect() {
    const chunks: Array<{ channel: "analysis" | "final"; text: string }> = [];
    return { chunks, onChunk: (channel: "analysis" | "final", text: string) => chunks.push({ channel, text }) };
}

describe("remote backend on a vLLM endpoint", () => {
    let server: ServerHandle;
    let endpoint: RecordedOpenAIServer;
    let next: (body: Record<string, unknown>) => Reply = () => ({ kind: "hang" });
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models" ? vllmModels(VLLM_MODEL) : next(request.body));
        server = await startServer();
    });
    after(async () => {
        await server.stop();
        await endpoint.close();
    });

    test("connecting reports a ready remote backend with the endpoint's context and latency", async () => {
        const status = await server.client.load(remoteConfig(endpoint.baseUrl));
        assert.equal(status.state, "ready");
        assert.equal(status.backend, "remote");
        assert.equal(status.modelName, VLLM_MODEL);
        assert.equal(status.modelPath, endpoint.baseUrl);
        assert.equal(status.contextSize, 131072);
        assert.ok(typeof status.latencyMs === "number" && status.latencyMs >= 0);
        assert.ok(server.logs.some((line) => line.includes(`connected to ${endpoint.baseUrl}`) && line.includes("raw harmony prompt")), server.logs.join("\n"));
    });

    test("a chat turn streams reasoning and answer apart, in order, with the endpoint's usage", async () => {
        next = () => ({
            kind: "sse", delayMs: 5,
            events: vllmChatChunks(VLLM_MODEL, {
                reasoning: ["The user ", "greets me."], content: ["Hello", ", ", "world!"], usage: { prompt: 80, completion: 9, cached: 64 },
            }),
        });
        const { chunks, onChunk } = collect();
        const messages: ChatMessage[] = [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }];
        const result = await server.client.chatTurn({ messages, reasoningEffort: "high", maxTokens: 300 }, onChunk);

        assert.equal(result.text, "Hello, world!");
        assert.equal(result.reasoning, "The user greets me.");
        assert.equal(result.stopReason, "end");
        assert.deepEqual(result.toolCalls, []);
        assert.deepEqual({ ...result.usage, durationMs: 0 }, { promptTokens: 80, evaluatedTokens: 16, generatedTokens: 9, durationMs: 0 });
        // Streamed as it came: every reasoning piece before the answer, nothing merged across channels.
        assert.deepEqual(chunks, [
            { channel: "analysis", text: "The user " }, { channel: "analysis", text: "greets me." },
            { channel: "final", text: "Hello" }, { channel: "final", text: ", " }, { channel: "final", text: "world!" },
        ]);
        const sent = endpoint.requests.at(-1)!;
        assert.equal(sent.path, "/v1/chat/completions");
        assert.equal(sent.body.model, VLLM_MODEL);
        assert.equal(sent.body.stream, true);
        assert.deepEqual(sent.body.stream_options, { include_usage: true });
        assert.equal(sent.body.reasoning_effort, "high");
        assert.equal(sent.body.max_tokens, 300);
        assert.equal(sent.body.temperature, 1);
        assert.equal(sent.body.top_p, 1);
        assert.deepEqual(sent.body.messages, [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }]);
        assert.equal(sent.headers.authorization, undefined, "no key configured: no Authorization header");
    });

    test("a server sending reasoning under both field names shows it once", async () => {
        next = () => ({ kind: "sse", events: vllmChatChunks(VLLM_MODEL, { reasoning: ["Think."], content: ["Done."] }, { reasoningField: "both" }) });
        const { chunks, onChunk } = collect();
        const result = await server.client.chatTurn({ messages: [{ role: "user", content: "Go" }], reasoningEffort: "low" }, onChunk);
        assert.equal(result.reasoning, "Think.");
        assert.deepEqual(chunks.filter((chunk) => chunk.channel === "analysis").map((chunk) => chunk.text), ["Think."]);
    });

    test("an agent run: the model calls a tool with arguments split across chunks, gets the result, answers", async () => {
        const tools: ToolDefinition[] = [{
            name: "read_file", description: "Reads a file of the workspace.",
            parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
        }];
        next = (body) => {
            const messages = body.messages as Array<Record<string, unknown>>;
            return messages.at(-1)!.role === "tool"
                ? { kind: "sse", events: vllmChatChunks(VLLM_MODEL, { reasoning: ["It exports add."], content: ["`a.ts` exports ", "`add`."], usage: { prompt: 150, completion: 12 } }) }
                : { kind: "sse", events: vllmChatChunks(VLLM_MODEL, { reasoning: ["I should read a.ts."], toolCall: { id: "chatcmpl-tool-7e3", name: "read_file", argumentPieces: ["{\"pa", "th\": \"a", ".ts\"}"] } }) };
        };
        const history: ChatMessage[] = [{ role: "user", content: "What does a.ts export?" }];
        const first = await server.client.chatTurn({ messages: history, reasoningEffort: "medium", tools }, () => undefined);
        assert.equal(first.stopReason, "tool-calls");
        assert.deepEqual(first.toolCalls, [{ id: "chatcmpl-tool-7e3", name: "read_file", arguments: "{\"path\": \"a.ts\"}" }]);
        assert.equal(first.reasoning, "I should read a.ts.");
        assert.deepEqual(endpoint.requests.at(-1)!.body.tools, [{ type: "function", function: { name: "read_file", description: "Reads a file of the workspace.", parameters: tools[0]!.parameters } }]);

        history.push({ role: "assistant", content: first.text, reasoning: first.reasoning, toolCalls: first.toolCalls });
        history.push({ role: "tool", toolCallId: "chatcmpl-tool-7e3", name: "read_file", content: "export const add = (a: number, b: number) => a + b;" });
        const second = await server.client.chatTurn({ messages: history, reasoningEffort: "medium", tools }, () => undefined);
        assert.equal(second.stopReason, "end");
        assert.equal(second.text, "`a.ts` exports `add`.");

        // The follow-up carried the call, its reasoning (gpt-oss needs it within a tool-calling turn) and the result.
        const followUp = endpoint.requests.at(-1)!.body.messages as Array<Record<string, unknown>>;
        assert.deepEqual(followUp.slice(1), [
            {
                role: "assistant", content: null, reasoning_content: "I should read a.ts.", reasoning: "I should read a.ts.",
                tool_calls: [{ id: "chatcmpl-tool-7e3", type: "function", function: { name: "read_file", arguments: "{\"path\": \"a.ts\"}" } }],
            },
            { role: "tool", tool_call_id: "chatcmpl-tool-7e3", content: "export const add = (a: number, b: number) => a + b;" },
        ]);
    });

    test("a model the endpoint does not serve is refused with the names it does serve", async () => {
        await assert.rejects(server.client.load(remoteConfig(endpoint.baseUrl, { model: "gpt-oss-20b" })), (error: Error) => {
            assert.match(error.message, /does not serve "gpt-oss-20b"; it serves openai\/gpt-oss-120b/);
            return true;
        });
        const status = await server.client.status();
        assert.equal(status.state, "error");
        assert.equal(status.error?.code, "model-not-found");
    });
});

describe("remote backend on an Ollama endpoint", () => {
    let server: ServerHandle;
    let endpoint: RecordedOpenAIServer;
    let next: (body: Record<string, unknown>) => Reply = () => ({ kind: "hang" });
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models" ? ollamaModels("gpt-oss:20b", "qwen2.5-coder:7b") : next(request.body));
        server = await startServer();
        // A URL without a path gets /v1, as users often paste Ollama's address.
        await server.client.load(remoteConfig(endpoint.baseUrl.replace(/\/v1$/, ""), { model: "gpt-oss:20b" }));
    });
    after(async () => {
        await server.stop();
        await endpoint.close();
    });

    test("reasoning in Ollama's `reasoning` field streams on the analysis channel", async () => {
        next = () => ({ kind: "sse", delayMs: 2, events: ollamaChatChunks("gpt-oss:20b", { reasoning: ["Simple ", "math."], content: ["4"], usage: { prompt: 70, completion: 6 } }) });
        const { chunks, onChunk } = collect();
        const result = await server.client.chatTurn({ messages: [{ role: "user", content: "2+2?" }], reasoningEffort: "low" }, onChunk);
        assert.equal(result.reasoning, "Simple math.");
        assert.equal(result.text, "4");
        assert.equal(result.usage.generatedTokens, 6);
        assert.deepEqual(chunks.map((chunk) => chunk.channel), ["analysis", "analysis", "final"]);
        assert.equal(endpoint.requests.at(-1)!.path, "/v1/chat/completions");
    });

    test("a tool call sent whole in one chunk ends the turn with that call", async () => {
        next = () => ({ kind: "sse", events: ollamaChatChunks("gpt-oss:20b", { reasoning: ["Need the file."], toolCall: { id: "call_hk81qg8b", name: "read_file", argumentPieces: ["{\"path\":\"b.ts\"}"] } }) });
        const result = await server.client.chatTurn({
            messages: [{ role: "user", content: "Read b.ts" }], reasoningEffort: "low",
            tools: [{ name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } } } }],
        }, () => undefined);
        assert.equal(result.stopReason, "tool-calls");
        assert.deepEqual(result.toolCalls, [{ id: "call_hk81qg8b", name: "read_file", arguments: "{\"path\":\"b.ts\"}" }]);
    });
});
