// Agent tasks through the real server and engine, on scripted synthetic gpt-oss models: the model
// reads a file with read_file and submits an edit plan with submit_plan, both as harmony function
// calls whose arguments the grammar enforces. What the user would review is exactly the scripted
// change; a plan whose anchor does not match is retried once and then reported; cancelling
// mid-task, like every other run here, leaves each file of the workspace as it was.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AgentProgressNotification, AgentRunRequest, RequestCancelledError, SandboxConfigureRequest, type AgentRunParams } from "../../protocol/index.ts";
import { agentPromptTexts, copyFixture, fingerprint, READ_MATH_JS, startScriptedToolServer } from "../support/agent-fixture.ts";
import { REPO_ROOT, type ServerHandle } from "../support/server-process.ts";

const INSTRUCTION = "Fix the adder.";
const ORIGINAL = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");
const FIXED = ORIGINAL.replace("return a - b;", "return a + b;");

const plan = (summary: string, search: string, replace: string) =>
    `<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>${JSON.stringify({ summary, files: [{ action: "edit", path: "src/math.js", edits: [{ search, replace }] }] })}<|call|>`;

/** What else the prompts of these tests hold: never marker words. */
const PROMPT_TEXTS = [...agentPromptTexts(), INSTRUCTION, ORIGINAL, "src/math.js, 7 lines:", "return a * b;", "return a - b;", "return a + b;"];

function scriptedServer(scripts: Parameters<typeof startScriptedToolServer>[0]): Promise<ServerHandle> {
    return startScriptedToolServer(scripts, PROMPT_TEXTS);
}

function params(workspaceRoot: string, overrides: Partial<AgentRunParams> = {}): AgentRunParams {
    return {
        taskId: "task-1", kind: "free", instruction: INSTRUCTION, workspaceRoot, openBuffers: [], reasoningEffort: "low",
        workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 2, seed: 7, ...overrides,
    };
}

describe("an agent task that reads a file, then submits a plan", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        server = await scriptedServer([{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: plan("Zeta fix.", "    return a - b;", "    return a + b;"), follows: true }]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("the proposed change is exactly the scripted edit, and nothing is written", async () => {
        const before = await fingerprint(workspace);
        const progress: string[] = [];
        const subscription = server.client.onNotification(AgentProgressNotification, (update) => progress.push(update.message));
        const result = await server.client.request(AgentRunRequest, params(workspace));
        subscription.dispose();

        assert.equal(result.outcome, "proposed", result.error);
        assert.equal(result.summary, "Zeta fix.");
        assert.deepEqual(result.changes, [{ path: "src/math.js", kind: "modify", before: ORIGINAL, after: FIXED }]);
        assert.deepEqual(result.failures, []);
        assert.equal(result.usage.steps, 2);
        const toolStep = result.steps.find((step) => step.type === "tool");
        assert.ok(toolStep && toolStep.type === "tool" && toolStep.name === "read_file" && toolStep.result.includes("return a - b;"));
        assert.ok(progress.includes("reading src/math.js"), progress.join(" | "));
        // The model saw the file as read_file's answer, in the same turn as its reasoning.
        const toolMessage = result.transcript.find((message) => message.role === "tool");
        assert.ok(toolMessage && toolMessage.content.includes(ORIGINAL.trimEnd()));
        assert.deepEqual(await fingerprint(workspace), before);
    });

    test("an unsaved buffer is what the agent reads and edits", async () => {
        const buffer = ORIGINAL.replace("export function double", "// unsaved note\nexport function double");
        const result = await server.client.request(AgentRunRequest, params(workspace, { openBuffers: [{ path: "src/math.js", text: buffer }] }));
        assert.equal(result.outcome, "proposed", result.error);
        assert.equal(result.changes[0]?.before, buffer);
        assert.equal(result.changes[0]?.after, buffer.replace("return a - b;", "return a + b;"));
    });
});

describe("an agent task whose anchor does not match", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        // The scripted plan searches for a line the file does not have, and sends it again when told.
        server = await scriptedServer([{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: plan("Zeta fix.", "    return a * b;", "    return a + b;"), follows: true }]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("is retried once with what did not match, then reported as a failure and nothing changes", async () => {
        const before = await fingerprint(workspace);
        const result = await server.client.request(AgentRunRequest, params(workspace));
        assert.equal(result.outcome, "failed");
        assert.deepEqual(result.changes, []);
        assert.equal(result.failures.length, 1);
        assert.equal(result.failures[0]!.reason, "not-found");
        assert.equal(result.failures[0]!.path, "src/math.js");
        assert.match(result.error ?? "", /did not match the files, even after a retry; nothing was changed/);
        const retry = result.steps.filter((step) => step.type === "anchor-retry");
        assert.equal(retry.length, 1, "one retry, not more");
        assert.equal(result.steps.filter((step) => step.type === "plan").length, 2);
        // The retry told the model which edit failed, in a tool answer.
        const answers = result.transcript.filter((message) => message.role === "tool").map((message) => message.content);
        assert.ok(answers.some((answer) => answer.includes("return a * b;") && /Call submit_plan again/.test(answer)), answers.join("\n---\n"));
        assert.deepEqual(await fingerprint(workspace), before);
    });
});

describe("cancelling an agent task", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        // After reading the file the model thinks forever.
        server = await scriptedServer([{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: "<|channel|>analysis<|message|>Hmm", cycle: " and so on", follows: true }]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("mid-task stops at once and leaves every file untouched", async () => {
        const before = await fingerprint(workspace);
        const abort = new AbortController();
        const subscription = server.client.onNotification(AgentProgressNotification, (update) => {
            // Step 2 is generating when its progress arrives: cancel in the middle of the task.
            if (update.message.startsWith("thinking (step 2)")) abort.abort();
        });
        await assert.rejects(server.client.request(AgentRunRequest, params(workspace, { maxTokens: 100_000 }), abort.signal), RequestCancelledError);
        subscription.dispose();
        // The engine is free again right away: a status request answers.
        assert.equal((await server.client.status()).state, "ready");
        assert.deepEqual(await fingerprint(workspace), before);
    });
});

describe("an agent task whose first plan breaks the project's test", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        server = await scriptedServer([
            { trigger: "assistant", output: READ_MATH_JS },
            { trigger: "assistant", output: plan("Zeta try.", "    return a - b;", "    return a * b;"), follows: true },
            { trigger: "assistant", output: plan("Omega fix.", "    return a - b;", "    return a + b;"), follows: true },
        ]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("the check runs in the sandbox, the failure goes back, the repair passes, and the review reports both", async (t) => {
        const status = await server.client.request(SandboxConfigureRequest, { mode: "sandbox", ifUnavailable: "disable", workspaceTrusted: true });
        if (status.capabilities.isolation !== "bubblewrap") {
            t.skip(`no bubblewrap isolation here (${status.capabilities.reason})`);
            return;
        }
        const before = await fingerprint(workspace);
        const result = await server.client.request(AgentRunRequest, params(workspace, { verify: true, checkCommand: "node --test test/" }));
        assert.equal(result.outcome, "proposed", result.error);
        assert.equal(result.summary, "Omega fix.");
        assert.deepEqual(result.changes.map((change) => change.after), [FIXED]);
        const verification = result.verification;
        assert.ok(verification);
        assert.equal(verification.command, "node --test test/");
        assert.equal(verification.passed, true);
        assert.equal(verification.repairs, 1);
        assert.equal(verification.earlierFailures.length, 1);
        assert.match(verification.earlierFailures[0]!.output, /6 !== 5|Expected values to be strictly equal/);
        const checks = result.steps.filter((step) => step.type === "check");
        assert.deepEqual(checks.map((step) => step.type === "check" && step.passed), [false, true]);
        assert.deepEqual(await fingerprint(workspace), before);
    });
});
