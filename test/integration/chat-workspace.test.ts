// A chat answer grounded in the workspace: the scripted model thinks, reads a file with
// read_file, thinks again with the file in view and answers. The user sees the lookup announced,
// both pieces of reasoning, and the answer; the turn's reasoning stays in the prompt between the
// call and the answer (one harmony turn), and nothing of the workspace is written.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage } from "../../protocol/index.ts";
import { agentPromptTexts, copyFixture, fingerprint, READ_MATH_JS, startScriptedToolServer } from "../support/agent-fixture.ts";
import { REPO_ROOT, type ServerHandle } from "../support/server-process.ts";

const QUESTION = "What does the adder give back?";
const ORIGINAL = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");
const ANSWER = "<|channel|>analysis<|message|>Subtraction, oddly.<|end|><|start|>assistant<|channel|>final<|message|>It subtracts: see src/math.js:2.<|return|>";
const MESSAGES: ChatMessage[] = [{ role: "system", content: "You are a coding assistant." }, { role: "user", content: QUESTION }];

describe("a chat turn that reads the workspace", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        server = await startScriptedToolServer(
            [{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: ANSWER, follows: true }],
            [...agentPromptTexts(), QUESTION, ORIGINAL, "src/math.js, 7 lines:", "You are a coding assistant.",
                "You can read the user's workspace with the tools read_file, list_files, search and get_diagnostics. Look things up when the question is about this code instead of guessing; answer directly when it is not."],
        );
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("announces the lookup, keeps both pieces of reasoning, answers from the file", async () => {
        const before = await fingerprint(workspace);
        const events: string[] = [];
        const result = await server.client.chatTurn(
            { messages: MESSAGES, reasoningEffort: "low", workspace: { root: workspace, openBuffers: [], maxToolSteps: 4 } },
            (channel, text) => events.push(`${channel}:${text}`),
            undefined,
            (step) => events.push(`tool:${step.name}:${step.summary}:${step.isError}`),
        );
        assert.equal(result.stopReason, "end");
        assert.equal(result.text, "It subtracts: see src/math.js:2.");
        assert.equal(result.reasoning, "Peek first.\n\nSubtraction, oddly.");
        assert.deepEqual(result.toolCalls, []);
        const toolAt = events.indexOf("tool:read_file:reading src/math.js:false");
        assert.ok(toolAt > 0, events.join(" | "));
        assert.ok(events.slice(0, toolAt).every((event) => event.startsWith("analysis:")), "before the lookup: only reasoning");
        assert.ok(events.slice(toolAt + 1).some((event) => event.startsWith("final:")), "the answer comes after it");
        assert.deepEqual(await fingerprint(workspace), before);
    });

    test("without a workspace the same question gets no tools and no lookup", async () => {
        const steps: string[] = [];
        const result = await server.client.chatTurn({ messages: MESSAGES, reasoningEffort: "low", maxTokens: 60 }, () => undefined, undefined, (step) => steps.push(step.name));
        assert.deepEqual(steps, []);
        assert.deepEqual(result.toolCalls, [], "a plain turn never returns calls it was not offered tools for");
    });
});
