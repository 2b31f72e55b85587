// The shared protocol: schemas accept what the processes send and refuse what they must not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
    ChatChunkNotification, ChatTurnRequest, EngineConfig, GptOssClient, LoadRequest, parseOrThrow, ProtocolValidationError, RequestCancelledError,
    SandboxRunRequest, StatusNotification, NOT_LOADED_STATUS, tokenFromSignal, type RpcTransport,
} from "../../protocol/index.ts";

test("engine config refuses an empty model path and an unknown GPU backend", () => {
    assert.equal(EngineConfig.safeParse({ modelPath: "/m.gguf", gpu: "cpu", contextSize: 2048, threads: 0 }).success, true);
    assert.equal(EngineConfig.safeParse({ modelPath: "", gpu: "cpu", contextSize: 2048, threads: 0 }).success, false);
    assert.equal(EngineConfig.safeParse({ modelPath: "/m.gguf", gpu: "tpu", contextSize: 2048, threads: 0 }).success, false);
});

test("a sandbox run request cannot carry the server-side trusted paths (they are dropped on arrival)", () => {
    const raw = { language: "shell", code: "ls /", trustedToolchain: "/home/user", trustedNodeModules: "/home/user/.ssh" };
    const params = parseOrThrow(SandboxRunRequest.params, raw, SandboxRunRequest.method, "params");
    assert.deepEqual(params, { language: "shell", code: "ls /" });
});

test("a validation error names the method, the direction and the field", () => {
    assert.throws(() => parseOrThrow(ChatTurnRequest.params, { streamId: "s", messages: [], reasoningEffort: "low" }, ChatTurnRequest.method, "params"),
        (error: ProtocolValidationError) => error.message.startsWith("invalid params for gptoss/chat/turn: messages:"));
});

test("chat messages keep reasoning only on assistant messages", () => {
    const parsed = ChatTurnRequest.params.parse({
        streamId: "s", reasoningEffort: "high",
        messages: [{ role: "user", content: "q", reasoning: "nope" }, { role: "assistant", content: "a", reasoning: "why" }],
    });
    assert.deepEqual(parsed.messages[0], { role: "user", content: "q" });
    assert.deepEqual(parsed.messages[1], { role: "assistant", content: "a", reasoning: "why" });
});

/** A transport that records what the client sends and answers from a script (a test double of the JSON-RPC connection). */
function scriptedTransport(answer: (method: string, params: unknown) => unknown) {
    const sent: Array<{ method: string; params: unknown }> = [];
    const handlers = new Map<string, (params: unknown) => void>();
    const transport: RpcTransport = {
        async sendRequest(method, params) {
            sent.push({ method, params });
            return answer(method, params);
        },
        onNotification(method, handler) {
            handlers.set(method, handler);
            return { dispose: () => handlers.delete(method) };
        },
    };
    return { transport, sent, notify: (method: string, params: unknown) => handlers.get(method)?.(params) };
}

test("the client checks its own params before they leave the process", async () => {
    const { transport, sent } = scriptedTransport(() => NOT_LOADED_STATUS);
    const client = new GptOssClient(transport);
    await assert.rejects(client.load({ modelPath: "", gpu: "cpu", contextSize: 2048, threads: 0 }), ProtocolValidationError);
    assert.equal(sent.length, 0);
    await client.load({ modelPath: "/m.gguf", gpu: "cpu", contextSize: 2048, threads: 0 });
    assert.equal(sent[0]?.method, LoadRequest.method);
});

test("a result that does not match its schema is refused", async () => {
    const { transport } = scriptedTransport(() => ({ state: "exploded" }));
    await assert.rejects(new GptOssClient(transport).status(), /invalid result for gptoss\/model\/status/);
});

test("malformed notifications from the server are refused, not passed on", () => {
    const { transport, notify } = scriptedTransport(() => null);
    const seen: unknown[] = [];
    new GptOssClient(transport).onStatus((status) => seen.push(status));
    notify(StatusNotification.method, NOT_LOADED_STATUS);
    assert.throws(() => notify(StatusNotification.method, { state: "ready" }), ProtocolValidationError);
    assert.equal(seen.length, 1);
});

test("structured results are validated with the caller's zod schema", async () => {
    const schema = z.object({ name: z.string(), count: z.number() });
    const usage = { promptTokens: 1, evaluatedTokens: 1, generatedTokens: 1, durationMs: 1 };
    const good = scriptedTransport(() => ({ value: { name: "x", count: 2 }, text: "{}", usage }));
    const result = await new GptOssClient(good.transport).structured(schema, { messages: [{ role: "user", content: "go" }], reasoningEffort: "low" });
    assert.deepEqual(result.value, { name: "x", count: 2 });
    const sentSchema = (good.sent[0]?.params as { jsonSchema: { properties: Record<string, unknown> } }).jsonSchema;
    assert.deepEqual(Object.keys(sentSchema.properties), ["name", "count"]);
    const bad = scriptedTransport(() => ({ value: { name: 3 }, text: "{}", usage }));
    await assert.rejects(new GptOssClient(bad.transport).structured(schema, { messages: [{ role: "user", content: "go" }], reasoningEffort: "low" }), ProtocolValidationError);
});

test("chat chunks are routed to the turn that owns the stream", async () => {
    const script = scriptedTransport((_method, params) => {
        const { streamId } = params as { streamId: string };
        const notify = script.notify;
        notify(ChatChunkNotification.method, { streamId: "someone-else", channel: "final", text: "not mine" });
        notify(ChatChunkNotification.method, { streamId, channel: "analysis", text: "think" });
        notify(ChatChunkNotification.method, { streamId, channel: "final", text: "answer" });
        return { text: "answer", reasoning: "think", stopReason: "end", usage: { promptTokens: 1, evaluatedTokens: 1, generatedTokens: 2, durationMs: 1 } };
    });
    const chunks: string[] = [];
    await new GptOssClient(script.transport).chatTurn({ messages: [{ role: "user", content: "q" }], reasoningEffort: "low" }, (channel, text) => chunks.push(`${channel}:${text}`));
    assert.deepEqual(chunks, ["analysis:think", "final:answer"]);
});

test("aborting turns into a cancellation token and a RequestCancelledError", async () => {
    const controller = new AbortController();
    const token = tokenFromSignal(controller.signal);
    let cancelled = false;
    token.onCancellationRequested(() => { cancelled = true; });
    controller.abort();
    assert.equal(token.isCancellationRequested, true);
    assert.equal(cancelled, true);
    const { transport } = scriptedTransport(() => NOT_LOADED_STATUS);
    await assert.rejects(new GptOssClient(transport).request(LoadRequest, { modelPath: "/m", gpu: "cpu", contextSize: 1024, threads: 1 }, controller.signal), RequestCancelledError);
});
