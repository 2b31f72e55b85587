// Tool calling through the real server and engine: a scripted gpt-oss thinks, calls read_file,
// reads the result and answers. The call arrives as a ToolCall with the scripted arguments, the
// result goes back as a tool message, and the model continues the same harmony turn.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage, ToolDefinition } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const THINK_THEN_CALL = "<|channel|>analysis<|message|>Need the file.<|end|><|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{\"path\":\"a.ts\"}<|call|>";
const ANSWER = "<|channel|>final<|message|>It exports add.<|return|>";

const READ_FILE: ToolDefinition = {
    name: "read_file",
    description: "Read a file of the workspace",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};
const USER_TEXT = "Which functions are exported?";
const USER: ChatMessage[] = [{ role: "user", content: USER_TEXT }];
const FILE_TEXT = "export function add(a: number, b: number) {\n    return a + b;\n}\n";

describe("a scripted tool call", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: THINK_THEN_CALL }, { trigger: "assistant", output: ANSWER, follows: true }],
            promptTexts: [USER_TEXT, JSON.stringify(READ_FILE), FILE_TEXT, "path: string"],
        });
        server = await startServer();
        assert.equal((await server.client.load(testConfig(model))).state, "ready");
    });
    after(() => server.stop());

    test("the call comes back with its arguments, the reasoning before it, and no answer yet", async () => {
        const chunks: string[] = [];
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", tools: [READ_FILE] }, (channel, text) => chunks.push(`${channel}:${text}`));
        assert.equal(result.stopReason, "tool-calls");
        assert.equal(result.toolCalls.length, 1);
        assert.equal(result.toolCalls[0]!.name, "read_file");
        assert.deepEqual(JSON.parse(result.toolCalls[0]!.arguments), { path: "a.ts" });
        assert.match(result.toolCalls[0]!.id, /^call_/);
        assert.equal(result.reasoning, "Need the file.");
        assert.equal(result.text, "");
        assert.ok(chunks.every((chunk) => chunk.startsWith("analysis:")), chunks.join(" | "));
    });

    test("with the result appended the model continues its turn and answers", async () => {
        const first = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", tools: [READ_FILE] }, () => undefined);
        const call = first.toolCalls[0]!;
        const messages: ChatMessage[] = [
            ...USER,
            { role: "assistant", content: first.text, reasoning: first.reasoning, toolCalls: [call] },
            { role: "tool", toolCallId: call.id, name: call.name, content: FILE_TEXT },
        ];
        const second = await server.client.chatTurn({ messages, reasoningEffort: "low", tools: [READ_FILE] }, () => undefined);
        assert.equal(second.stopReason, "end");
        assert.equal(second.text, "It exports add.");
        assert.deepEqual(second.toolCalls, []);
        // The whole first turn was already in the sequence: only the tool result and what follows is new.
        assert.ok(second.usage.evaluatedTokens < second.usage.promptTokens / 2, `evaluated ${second.usage.evaluatedTokens} of ${second.usage.promptTokens}`);
    });

    test("a tool result that answers no call is refused with a clear error", async () => {
        await assert.rejects(
            server.client.chatTurn({ messages: [...USER, { role: "tool", toolCallId: "call_nope", name: "read_file", content: "x" }], reasoningEffort: "low", tools: [READ_FILE] }, () => undefined),
            /answers no call with id call_nope/,
        );
    });

    test("a tool with an invalid name is refused before it leaves the client", async () => {
        await assert.rejects(
            server.client.chatTurn({ messages: USER, reasoningEffort: "low", tools: [{ ...READ_FILE, name: "read file" }] }, () => undefined),
            /tool name/,
        );
    });
});
