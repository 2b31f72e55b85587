// The mapping between VS Code's language-model messages and our harmony ChatMessage list, both
// ways, with stand-in part classes (test/unit/lm-parts.ts): what gpt-oss reads for each kind of
// part, and what a caller gets back for text and tool calls.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ChatTurnResult } from "../../protocol/index.ts";
import { countingText, toChatMessages, toToolCallParts, toToolDefinitions, ToolArgumentsError } from "../../extension/lm/message-mapping.ts";
import { ReasoningMemory } from "../../extension/lm/reasoning-memory.ts";
import { ToolNames } from "../../extension/lm/tool-names.ts";
import { assistant, DataPart, PARTS, PromptTsxPart, system, TextPart, ToolCallPart, ToolResultPart, user } from "./lm-parts.ts";

const map = (messages: Parameters<typeof toChatMessages>[0], names = new ToolNames([]), memory = new ReasoningMemory()) =>
    toChatMessages(messages, PARTS, names, memory);

function turnResult(change: Partial<ChatTurnResult>): ChatTurnResult {
    return { text: "", reasoning: "", stopReason: "end", toolCalls: [], usage: { promptTokens: 1, evaluatedTokens: 1, generatedTokens: 1, durationMs: 1 }, ...change };
}

describe("VS Code messages to harmony messages", () => {
    test("system, user and assistant text keep their roles and their text, parts joined as written", () => {
        assert.deepEqual(map([
            system(new TextPart("Be brief.")),
            user(new TextPart("What is "), new TextPart("2+2?")),
            assistant(new TextPart("4")),
            user(new TextPart("Thanks")),
        ]), [
            { role: "system", content: "Be brief." },
            { role: "user", content: "What is 2+2?" },
            { role: "assistant", content: "4" },
            { role: "user", content: "Thanks" },
        ]);
    });

    test("a tool call and its result become an assistant call and a tool message answering it", () => {
        const messages = map([
            user(new TextPart("Run it")),
            assistant(new TextPart("Running."), new ToolCallPart("call_1", "gptOss_runCode", { language: "python", code: "print(1)" })),
            user(new ToolResultPart("call_1", [new TextPart("1\n")]), new TextPart("And now?")),
        ]);
        assert.deepEqual(messages, [
            { role: "user", content: "Run it" },
            { role: "assistant", content: "Running.", toolCalls: [{ id: "call_1", name: "gptOss_runCode", arguments: "{\"language\":\"python\",\"code\":\"print(1)\"}" }] },
            // Results first: harmony continues the assistant's turn with them; the text follows as the user's.
            { role: "tool", toolCallId: "call_1", name: "gptOss_runCode", content: "1\n" },
            { role: "user", content: "And now?" },
        ]);
    });

    test("the reasoning written before a call is put back when the caller replays that call", () => {
        const memory = new ReasoningMemory();
        memory.remember(["call_7"], "Need to compute it.");
        const messages = map([
            user(new TextPart("Compute")),
            assistant(new ToolCallPart("call_7", "calc", {})),
            user(new ToolResultPart("call_7", [new TextPart("42")])),
        ], new ToolNames(["calc"]), memory);
        assert.equal(messages[1]!.role === "assistant" && messages[1]!.reasoning, "Need to compute it.");
        // A call this provider never made carries no reasoning.
        const foreign = map([user(new TextPart("x")), assistant(new ToolCallPart("other", "calc", {}))], new ToolNames(["calc"]), memory);
        assert.equal(foreign[1]!.role === "assistant" && "reasoning" in foreign[1]!, false);
    });

    test("a tool name harmony cannot take is renamed in definitions and history alike, and a call comes back under the caller's name", () => {
        const names = new ToolNames(["mcp_github_get-issue", "9lives", "mcp_github_get_issue"]);
        const definitions = toToolDefinitions([
            { name: "mcp_github_get-issue", description: "Get an issue", inputSchema: { type: "object", properties: { n: { type: "number" } } } },
            { name: "9lives", description: "Cats" },
            { name: "mcp_github_get_issue", description: "The same name once cleaned" },
        ], names);
        assert.deepEqual(definitions.map((tool) => tool.name), ["mcp_github_get_issue", "_9lives", "mcp_github_get_issue_2"]);
        assert.deepEqual(definitions[1]!.parameters, { type: "object", properties: {} }, "a tool without a schema takes no arguments");
        for (const definition of definitions) assert.match(definition.name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/);

        const history = map([user(new TextPart("x")), assistant(new ToolCallPart("c1", "mcp_github_get-issue", { n: 1 }))], names);
        assert.equal(history[1]!.role === "assistant" && history[1]!.toolCalls![0]!.name, "mcp_github_get_issue");

        const parts = toToolCallParts(turnResult({ stopReason: "tool-calls", toolCalls: [{ id: "call_9", name: "mcp_github_get_issue_2", arguments: "{\"n\":3}" }] }), PARTS, names);
        assert.ok(parts[0] instanceof ToolCallPart);
        assert.deepEqual({ ...parts[0] }, { callId: "call_9", name: "mcp_github_get_issue", input: { n: 3 } });
    });

    test("a result whose call is not in the history is kept as user text instead of failing the request", () => {
        assert.deepEqual(map([user(new ToolResultPart("call_gone", [new TextPart("output")]), new TextPart("What happened?"))]), [
            { role: "user", content: "Result of tool call call_gone:\noutput\nWhat happened?" },
        ]);
    });

    test("data parts: text and JSON are read, an image is named, provider hints are dropped; prompt-tsx results give their text", () => {
        const messages = map([
            user(
                DataPart.text("plain "),
                DataPart.text("{\"a\":1}", "application/json"),
                new DataPart(new Uint8Array([0x89, 0x50]), "image/png"),
                DataPart.text("ephemeral", "cache_control"),
            ),
            assistant(new ToolCallPart("t1", "read", {})),
            user(new ToolResultPart("t1", [new PromptTsxPart({ node: { type: 1, children: [{ type: 2, text: "line one" }, { type: 2, text: " and two" }] } })])),
        ], new ToolNames(["read"]));
        assert.equal(messages[0]!.content, "plain {\"a\":1}[an image was attached here; gpt-oss reads text only]");
        assert.equal(messages[2]!.content, "line one and two");
    });

    test("an assistant message with nothing in it is left out", () => {
        assert.deepEqual(map([user(new TextPart("hi")), assistant(), user(new TextPart("again"))]).map((message) => message.role), ["user", "user"]);
    });
});

describe("harmony results to VS Code parts", () => {
    test("arguments that are not a JSON object fail with a message naming the tool", () => {
        const names = new ToolNames(["calc"]);
        for (const bad of ["{\"a\":", "[1,2]", "7", "null"]) {
            assert.throws(() => toToolCallParts(turnResult({ stopReason: "tool-calls", toolCalls: [{ id: "c", name: "calc", arguments: bad }] }), PARTS, names), ToolArgumentsError);
        }
        const empty = toToolCallParts(turnResult({ stopReason: "tool-calls", toolCalls: [{ id: "c", name: "calc", arguments: "" }] }), PARTS, names);
        assert.deepEqual(empty[0]!.input, {}, "a call with no arguments at all is an empty object");
    });
});

describe("text to count", () => {
    test("a message counts as what the model reads: text, calls as name and JSON, results as their text", () => {
        assert.equal(countingText(assistant(new TextPart("Let me see. "), new ToolCallPart("c", "calc", { x: 1 })), PARTS), "Let me see. calc {\"x\":1}");
        assert.equal(countingText(user(new ToolResultPart("c", [new TextPart("2")]), new TextPart(" ok")), PARTS), "2 ok");
    });
});
