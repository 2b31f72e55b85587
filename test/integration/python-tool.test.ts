// gpt-oss's stateful python tool through the real server and engine, on a scripted synthetic
// model, in the real sandbox: the model runs one cell that sets a variable and a second cell that
// uses it, in an agent task and in a grounded chat answer. What the user sees: each cell with its
// output in the agent's transcript, and under Thinking in the chat; the model reads the output.
import { chmod, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AgentRunRequest, SandboxConfigureRequest, type AgentStep, type ChatMessage } from "../../protocol/index.ts";
import { pythonTool } from "../../server/agent/tools/python-tool.ts";
import { agentPromptTexts, copyFixture, fingerprint, startScriptedToolServer } from "../support/agent-fixture.ts";
import { REPO_ROOT, type ServerHandle } from "../support/server-process.ts";

const INSTRUCTION = "Work out the answer number.";
const QUESTION = "What is the answer number?";
const ORIGINAL = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");

const cell = (thought: string, code: string) =>
    `<|channel|>analysis<|message|>${thought}<|end|><|start|>assistant<|channel|>commentary to=functions.python <|constrain|>json<|message|>${JSON.stringify({ code })}<|call|>`;
const FIRST = cell("Alpha sets.", "base = 20 + 1");
const SECOND = cell("Bravo doubles.", "base * 2");
const PLAN = `<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>${JSON.stringify({ summary: "Nothing to change.", files: [] })}<|call|>`;
const ANSWER = "<|channel|>analysis<|message|>Charlie done.<|end|><|start|>assistant<|channel|>final<|message|>It is 42.<|return|>";

const { tool } = pythonTool(async () => { throw new Error("unused"); }, "/");
/** What else the prompts hold: never marker words. */
const PROMPT_TEXTS = [
    ...agentPromptTexts(), JSON.stringify(tool.definition), tool.definition.description, INSTRUCTION, QUESTION, ORIGINAL, "You are a coding assistant.",
    "You can read the user's workspace with the tools read_file, list_files, search and get_diagnostics. Look things up when the question is about this code instead of guessing; answer directly when it is not.",
    "The python tool runs code in a sandbox (state persists between its calls in this answer) to compute or check something.",
    "exit code 0, ms stdout: 42 (no output)",
];

async function sandboxed(server: ServerHandle): Promise<string | null> {
    const status = await server.client.request(SandboxConfigureRequest, { mode: "sandbox", ifUnavailable: "disable", workspaceTrusted: true });
    return status.capabilities.isolation === "bubblewrap" ? null : `no bubblewrap isolation here (${status.capabilities.reason})`;
}

describe("an agent task that runs two python cells, the second using the first's variable", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        server = await startScriptedToolServer([
            { trigger: "assistant", output: FIRST },
            { trigger: "assistant", output: SECOND, follows: true },
            { trigger: "assistant", output: PLAN, follows: true },
        ], PROMPT_TEXTS);
        workspace = await copyFixture("agent-project");
        await chmod(workspace, 0o755); // mkdtemp's 0700 would keep a root server's sandbox (uid 65534) out, as a real project folder does not
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("the transcript shows each cell with its output, and the second cell sees the first one's state", async (t) => {
        const skip = await sandboxed(server);
        if (skip !== null) return t.skip(skip);
        const before = await fingerprint(workspace);
        const result = await server.client.request(AgentRunRequest, {
            taskId: "python-1", kind: "free", instruction: INSTRUCTION, workspaceRoot: workspace, openBuffers: [], reasoningEffort: "low",
            workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 0, seed: 3,
        });
        assert.equal(result.outcome, "no-changes", result.error);
        const cells = result.steps.filter((step): step is Extract<AgentStep, { type: "tool" }> => step.type === "tool");
        assert.deepEqual(cells.map((step) => [step.name, step.isError]), [["python", false], ["python", false]], JSON.stringify(cells));
        assert.match(cells[0]!.result, /^cell:\nbase = 20 \+ 1\noutput:\nexit code 0, \d+ ms\n\(no output\)$/);
        assert.match(cells[1]!.result, /^cell:\nbase \* 2\noutput:\nexit code 0, \d+ ms\nstdout:\n42\n$/);
        // The model itself read the output only, not its own code echoed back.
        const answers = result.transcript.filter((message) => message.role === "tool").map((message) => message.content);
        assert.match(answers[1] ?? "", /^exit code 0, \d+ ms\nstdout:\n42\n$/);
        assert.deepEqual(await fingerprint(workspace), before, "the workspace is only read");
    });
});

describe("a grounded chat answer that runs two python cells", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        server = await startScriptedToolServer([
            { trigger: "assistant", output: FIRST },
            { trigger: "assistant", output: SECOND, follows: true },
            { trigger: "assistant", output: ANSWER, follows: true },
        ], PROMPT_TEXTS);
        workspace = await copyFixture("agent-project");
        await chmod(workspace, 0o755); // mkdtemp's 0700 would keep a root server's sandbox (uid 65534) out, as a real project folder does not
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("each cell and its output is listed with the lookups under Thinking, and the answer uses the result", async (t) => {
        const skip = await sandboxed(server);
        if (skip !== null) return t.skip(skip);
        const messages: ChatMessage[] = [{ role: "system", content: "You are a coding assistant." }, { role: "user", content: QUESTION }];
        const steps: { name: string; summary: string; isError: boolean }[] = [];
        const result = await server.client.chatTurn(
            { messages, reasoningEffort: "low", workspace: { root: workspace, openBuffers: [], maxToolSteps: 4 } },
            () => undefined, undefined, (step) => steps.push(step),
        );
        assert.equal(result.text, "It is 42.");
        assert.deepEqual(steps.map((step) => [step.name, step.isError]), [["python", false], ["python", false]]);
        assert.match(steps[0]!.summary, /^running a python cell in the sandbox \(base = 20 \+ 1\)\ncell:\nbase = 20 \+ 1\noutput:\nexit code 0/);
        assert.match(steps[1]!.summary, /\ncell:\nbase \* 2\noutput:\nexit code 0, \d+ ms\nstdout:\n42\n$/);
    });
});
