// Our remote backend against llama.cpp's own llama-server (test/support/llama-server.ts), built
// from the llama.cpp source we ship and serving a scripted synthetic gpt-oss GGUF with --jinja:
// the real server's model list, its harmony parsing into reasoning_content / content /
// tool_calls, a tool round trip through its chat template, cancellation freeing its only slot,
// and the server dying mid-answer. Everything runs through the real language server bundle.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { RemoteModelsRequest, RequestCancelledError, type ChatMessage, type ToolDefinition } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { LLAMA_SERVER_MODEL, llamaServerConfig, startLlamaServer, type LlamaServerHandle } from "../support/llama-server.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

const USER_TEXT = "What is six times seven?";
const USER: ChatMessage[] = [{ role: "user", content: USER_TEXT }];
const THINK_THEN_ANSWER = "<|channel|>analysis<|message|>Let me think.<|end|><|start|>assistant<|channel|>final<|message|>The answer is 42.<|return|>";

function collect() {
    const chunks: Array<{ channel: "analysis" | "final"; text: string }> = [];
    return { chunks, onChunk: (channel: "analysis" | "final", text: string) => { chunks.push({ channel, text }); } };
}

describe("llama-server: connecting and a streamed answer", () => {
    let llama: LlamaServerHandle;
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: THINK_THEN_ANSWER }], promptTexts: [USER_TEXT] });
        llama = await startLlamaServer({ model });
        server = await startServer();
    });
    after(async () => {
        await server.stop();
        await llama.kill();
    });

    test("the model list names the served model, and connecting to it is ready", async () => {
        const listed = await server.client.request(RemoteModelsRequest, llamaServerConfig(llama.baseUrl).remote!);
        assert.deepEqual(listed.models.map((model) => model.id), [LLAMA_SERVER_MODEL]);
        const status = await server.client.load(llamaServerConfig(llama.baseUrl));
        assert.equal(status.state, "ready");
        assert.equal(status.backend, "remote");
        assert.equal(status.modelName, LLAMA_SERVER_MODEL);
        // llama-server names its context in the listing's meta.n_ctx (vLLM: max_model_len); -c 8192, one slot.
        assert.equal(status.contextSize, 8192);
        assert.equal(listed.models[0]!.contextSize, 8192);
    });

    test("reasoning streams as reasoning, the answer as the answer, never mixed", async () => {
        await server.client.load(llamaServerConfig(llama.baseUrl));
        const { chunks, onChunk } = collect();
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "medium", maxTokens: 200 }, onChunk);
        assert.equal(result.reasoning, "Let me think.");
        assert.equal(result.text, "The answer is 42.");
        assert.equal(result.stopReason, "end");
        assert.deepEqual(result.toolCalls, []);
        const analysis = chunks.filter((chunk) => chunk.channel === "analysis").map((chunk) => chunk.text).join("");
        const final = chunks.filter((chunk) => chunk.channel === "final").map((chunk) => chunk.text).join("");
        assert.equal(analysis, "Let me think.");
        assert.equal(final, "The answer is 42.");
        const channels = chunks.map((chunk) => chunk.channel);
        assert.ok(channels.indexOf("final") > channels.lastIndexOf("analysis"), "all reasoning before the answer");
        assert.ok(!/<\|/.test(final + analysis), "no harmony tokens leak into what the user sees");
        assert.ok(result.usage.promptTokens > 0, "the server's usage is read");
        assert.ok(result.usage.generatedTokens > 0);
    });
});

const READ_FILE: ToolDefinition = {
    name: "read_file",
    description: "Read a file of the workspace",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};
const THINK_THEN_CALL = "<|channel|>analysis<|message|>Need the file.<|end|><|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{\"path\":\"a.ts\"}<|call|>";
const ANSWER_AFTER_TOOL = "<|channel|>final<|message|>It exports add.<|return|>";
const FILE_TEXT = "export function add(a: number, b: number) {\n    return a + b;\n}\n";
const TOOL_USER_TEXT = "Which functions are exported?";

describe("llama-server: a tool call round trip", () => {
    let llama: LlamaServerHandle;
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: THINK_THEN_CALL }, { trigger: "assistant", output: ANSWER_AFTER_TOOL, follows: true }],
            promptTexts: [TOOL_USER_TEXT, JSON.stringify(READ_FILE), FILE_TEXT, "path: string", "Read a file of the workspace"],
        });
        llama = await startLlamaServer({ model });
        server = await startServer();
        await server.client.load(llamaServerConfig(llama.baseUrl));
    });
    after(async () => {
        await server.stop();
        await llama.kill();
    });

    test("harmony function call → tool_calls → the result goes back → the answer", async () => {
        const history: ChatMessage[] = [{ role: "user", content: TOOL_USER_TEXT }];
        const { chunks, onChunk } = collect();
        const first = await server.client.chatTurn({ messages: history, reasoningEffort: "low", tools: [READ_FILE] }, onChunk);
        assert.equal(first.stopReason, "tool-calls");
        assert.equal(first.toolCalls.length, 1);
        assert.equal(first.toolCalls[0]!.name, "read_file");
        assert.deepEqual(JSON.parse(first.toolCalls[0]!.arguments), { path: "a.ts" });
        assert.ok(first.toolCalls[0]!.id.length > 0);
        assert.equal(first.reasoning, "Need the file.");
        assert.equal(first.text, "", "the call's JSON never shows as answer text");
        assert.ok(chunks.every((chunk) => chunk.channel === "analysis"), JSON.stringify(chunks));

        const call = first.toolCalls[0]!;
        history.push({ role: "assistant", content: first.text, reasoning: first.reasoning, toolCalls: [call] });
        history.push({ role: "tool", toolCallId: call.id, name: call.name, content: FILE_TEXT });
        const second = await server.client.chatTurn({ messages: history, reasoningEffort: "low", tools: [READ_FILE] }, () => undefined);
        assert.equal(second.stopReason, "end");
        assert.equal(second.text, "It exports add.");
        assert.deepEqual(second.toolCalls, []);
    });
});

describe("llama-server: cancelling, and the server dying mid-answer", () => {
    let model: string;
    let llama: LlamaServerHandle;
    let server: ServerHandle;
    before(async () => {
        model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock", promptTexts: [USER_TEXT] });
        llama = await startLlamaServer({ model });
        server = await startServer();
        await server.client.load(llamaServerConfig(llama.baseUrl));
    });
    after(async () => {
        await server.stop();
        await llama.kill();
    });

    test("cancelling mid-stream frees the server's only slot: the next request answers", async () => {
        for (let round = 0; round < 2; round += 1) {
            const controller = new AbortController();
            let received = "";
            const turn = server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 100_000 }, (_channel, text) => {
                received += text;
                if (received.length > 30) controller.abort();
            }, controller.signal);
            await assert.rejects(turn, RequestCancelledError);
            assert.match(received, /^( tick tock)+/);
        }
        // With one slot (-np 1), a generation still running would hold this one up until its 100,000 tokens.
        const next = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 6 }, () => undefined);
        assert.equal(next.stopReason, "max-tokens");
        assert.match(next.text, /tick/);
    });

    test("the server killed mid-answer: a clear error, and no retry after tokens were shown", async () => {
        const doomed = await startLlamaServer({ model });
        try {
            await server.client.load(llamaServerConfig(doomed.baseUrl));
            let received = "";
            let killing: Promise<void> | null = null;
            const error = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 100_000 }, (_channel, text) => {
                received += text;
                if (received.length > 20) killing ??= doomed.kill();
            }).then(() => assert.fail("the turn should fail"), (caught: unknown) => caught as Error & { data?: { code?: string } });
            await killing;
            assert.match(received, /tick/, "tokens had been shown");
            assert.equal(error.data?.code, "remote-error");
            assert.match(error.message, /ended the stream before the answer was complete/);
            assert.match(error.message, /not retried/);
            assert.ok(!server.logs.some((line) => line.includes("retrying")), server.logs.join("\n"));
        } finally {
            await doomed.kill();
        }
    });
});
