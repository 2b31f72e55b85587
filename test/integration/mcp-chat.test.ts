// The user's MCP tools in a grounded chat turn (gptOss.tools.inChat), through the real language
// server and engine on a scripted synthetic gpt-oss, against server-everything over stdio: the
// model looks the sum up with get-sum (as mcp_everything_get_sum), the lookup is announced as
// the workspace's are, and the answer follows in the same turn. Without userTools the turn
// offers no such tool.
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import type { ChatMessage, ExternalToolSettings } from "../../protocol/index.ts";
import { agentPromptTexts, copyFixture, startScriptedToolServer } from "../support/agent-fixture.ts";
import { everythingStdio, userToolDefinitionTexts, userToolSettings } from "../support/everything-mcp-server.ts";
import type { ServerHandle } from "../support/server-process.ts";

const QUESTION = "What is forty-one plus fifty-eight?";
const MESSAGES: ChatMessage[] = [{ role: "system", content: "You are a coding assistant." }, { role: "user", content: QUESTION }];
const CALL = '<|channel|>analysis<|message|>Quokka sums.<|end|><|start|>assistant<|channel|>commentary to=functions.mcp_everything_get_sum <|constrain|>json<|message|>{"a":41,"b":58}<|call|>';
const ANSWER = "<|channel|>final<|message|>It is 99.<|return|>";

describe("a chat turn with the user's MCP tools", () => {
    let server: ServerHandle;
    let workspace: string;
    let settings: ExternalToolSettings;
    before(async () => {
        settings = await userToolSettings({ everything: everythingStdio() });
        server = await startScriptedToolServer([{ trigger: "assistant", output: CALL }, { trigger: "assistant", output: ANSWER, follows: true }], [
            ...agentPromptTexts(), QUESTION, "You are a coding assistant.",
            "You can read the user's workspace with the tools read_file, list_files, search and get_diagnostics. Look things up when the question is about this code instead of guessing; answer directly when it is not.",
            ...await userToolDefinitionTexts(settings, QUESTION),
        ]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("looks up with the MCP tool, announces it, and answers from its result", async () => {
        const steps: string[] = [];
        const result = await server.client.chatTurn(
            { messages: MESSAGES, reasoningEffort: "low", workspace: { root: workspace, openBuffers: [], maxToolSteps: 4, userTools: settings } },
            () => undefined, undefined, (step) => steps.push(`${step.name}:${step.summary}:${step.isError}`),
        );
        assert.equal(result.text, "It is 99.");
        assert.deepEqual(steps, ["mcp_everything_get_sum:calling get-sum (MCP everything):false"]);
    });

    test("without the user's tools the same turn cannot call it", async () => {
        const steps: string[] = [];
        const offeredBefore = server.logs.filter((line) => line.includes("user tools offered")).length;
        assert.ok(offeredBefore >= 1, "the first turn logged what it offered");
        await server.client.chatTurn(
            { messages: MESSAGES, reasoningEffort: "low", maxTokens: 200, workspace: { root: workspace, openBuffers: [], maxToolSteps: 1 } },
            () => undefined, undefined, (step) => steps.push(`${step.name}:${step.isError}`),
        );
        assert.ok(steps.every((step) => !step.startsWith("mcp_")), steps.join(" | "));
        assert.equal(server.logs.filter((line) => line.includes("user tools offered")).length, offeredBefore, "no user tools were built for this turn");
    });
});
