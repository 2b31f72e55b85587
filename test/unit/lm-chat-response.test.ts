// One language-model request run as a chat turn, against a recording stand-in for the client:
// what the engine is sent, what the caller receives and in which order, cancellation, and the
// reasoning kept across a tool call.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ChatTurnRequest, RequestCancelledError, type ChatChunkSink, type ChatTurnParams, type ChatTurnResult } from "../../protocol/index.ts";
import { parseModelOptions, respond, type ChatTurnClient, type ResponsePart, type ResponseRequest } from "../../extension/lm/chat-response.ts";
import { ReasoningMemory } from "../../extension/lm/reasoning-memory.ts";
import { assistant, PARTS, TextPart, ToolCallPart, ToolResultPart, user } from "./lm-parts.ts";

type Chunk = ["analysis" | "final", string];

/** Plays back chunks and a result, and keeps every request it was sent. */
class ScriptedClient implements ChatTurnClient {
    readonly sent: Array<Omit<ChatTurnParams, "streamId">> = [];
    constructor(private readonly turns: Array<{ chunks: Chunk[]; result: Partial<ChatTurnResult> }>) {}
    async chatTurn(params: Omit<ChatTurnParams, "streamId">, onChunk: ChatChunkSink): Promise<ChatTurnResult> {
        this.sent.push(structuredClone(params));
        const turn = this.turns.shift();
        assert.ok(turn, "more requests than scripted turns");
        for (const [channel, text] of turn.chunks) onChunk(channel, text);
        return { text: "", reasoning: "", stopReason: "end", toolCalls: [], usage: { promptTokens: 1, evaluatedTokens: 1, generatedTokens: 1, durationMs: 1 }, ...turn.result };
    }
}

const RUN_CODE = { name: "gptOss_runCode", description: "Run code", inputSchema: { type: "object", properties: { language: { type: "string" }, code: { type: "string" } } } };

function request(change: Partial<ResponseRequest>): ResponseRequest {
    return { messages: [user(new TextPart("Hi"))], tools: [], toolRequired: false, reasoningEffort: "low", ...change };
}

async function run(client: ChatTurnClient, req: ResponseRequest, memory = new ReasoningMemory(), signal = new AbortController().signal) {
    const parts: ResponsePart[] = [];
    const result = await respond(client, req, PARTS, memory, (part) => parts.push(part), signal);
    return { parts, result };
}

describe("a request as a chat turn", () => {
    test("answer text streams to the caller chunk by chunk, reasoning never does", async () => {
        const client = new ScriptedClient([{ chunks: [["analysis", "thinking"], ["final", "Hel"], ["final", "lo"]], result: { text: "Hello", reasoning: "thinking" } }]);
        const { parts } = await run(client, request({}));
        assert.deepEqual(parts.map((part) => part instanceof TextPart && part.value), ["Hel", "lo"]);
        assert.equal(client.sent[0]!.reasoningEffort, "low");
        assert.equal(client.sent[0]!.tools, undefined, "no tools: none declared to the model");
    });

    test("text the engine returned without streaming it still reaches the caller", async () => {
        const { parts } = await run(new ScriptedClient([{ chunks: [], result: { text: "whole" } }]), request({}));
        assert.deepEqual(parts.map((part) => (part as TextPart).value), ["whole"]);
    });

    test("a tool call arrives as a ToolCallPart, and its reasoning goes back with the result on the next request", async () => {
        const memory = new ReasoningMemory();
        const client = new ScriptedClient([
            { chunks: [["analysis", "Run it."]], result: { stopReason: "tool-calls", reasoning: "Run it.", toolCalls: [{ id: "call_a", name: "gptOss_runCode", arguments: "{\"language\":\"python\",\"code\":\"print(42)\"}" }] } },
            { chunks: [["final", "It printed 42."]], result: { text: "It printed 42." } },
        ]);
        const first = await run(client, request({ tools: [RUN_CODE] }), memory);
        assert.equal(first.parts.length, 1);
        const call = first.parts[0];
        assert.ok(call instanceof ToolCallPart);
        assert.deepEqual({ ...call }, { callId: "call_a", name: "gptOss_runCode", input: { language: "python", code: "print(42)" } });
        assert.deepEqual(client.sent[0]!.tools!.map((tool) => tool.name), ["gptOss_runCode"]);

        await run(client, request({ tools: [RUN_CODE], messages: [user(new TextPart("Hi")), assistant(call), user(new ToolResultPart("call_a", [new TextPart("42\n")]))] }), memory);
        const replayed = client.sent[1]!.messages[1]!;
        assert.equal(replayed.role, "assistant");
        assert.equal(replayed.role === "assistant" && replayed.reasoning, "Run it.");
        assert.deepEqual(client.sent[1]!.messages[2], { role: "tool", toolCallId: "call_a", name: "gptOss_runCode", content: "42\n" });
    });

    test("tool mode Required adds the instruction to call a tool; Auto does not", async () => {
        const client = new ScriptedClient([{ chunks: [], result: {} }, { chunks: [], result: {} }]);
        await run(client, request({ tools: [RUN_CODE], toolRequired: true }));
        await run(client, request({ tools: [RUN_CODE] }));
        assert.equal(client.sent[0]!.messages[0]!.role, "system");
        assert.match(client.sent[0]!.messages[0]!.content, /calling one of the available tools/);
        assert.equal(client.sent[1]!.messages[0]!.role, "user");
    });

    test("cancelled by the caller: what streamed stays, and the request ends quietly", async () => {
        const abort = new AbortController();
        const client: ChatTurnClient = {
            async chatTurn(_params, onChunk) {
                onChunk("final", "partial");
                abort.abort();
                throw new RequestCancelledError(ChatTurnRequest.method);
            },
        };
        const { parts, result } = await run(client, request({}), new ReasoningMemory(), abort.signal);
        assert.equal(result, null);
        assert.deepEqual(parts.map((part) => (part as TextPart).value), ["partial"]);
    });

    test("an engine failure reaches the caller as an error", async () => {
        const client: ChatTurnClient = { chatTurn: async () => { throw new Error("out of memory"); } };
        await assert.rejects(run(client, request({})), /out of memory/);
    });

    test("a request with nothing to answer is refused before the engine sees it", async () => {
        const client = new ScriptedClient([]);
        await assert.rejects(run(client, request({ messages: [assistant(new TextPart("alone"))] })), /no user message/);
        assert.equal(client.sent.length, 0);
    });

    test("modelOptions: reasoning effort and a token cap are taken, wrong values named, other keys ignored", () => {
        assert.deepEqual(parseModelOptions({ reasoningEffort: "high", maxTokens: 300, temperature: 0.2 }), { reasoningEffort: "high", maxTokens: 300 });
        assert.deepEqual(parseModelOptions(undefined), {});
        assert.throws(() => parseModelOptions({ reasoningEffort: "extreme" }), /reasoningEffort/);
    });
});
