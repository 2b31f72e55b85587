// A VS Code lm tool of another extension in an agent task, through the real language server and
// engine on a scripted synthetic gpt-oss: the server asks the editor first (the exact arguments),
// then asks it to invoke the tool (gptoss/tools/invokeLm; the test answers as the extension host
// would) and the model reads the answer. "Always allow" on the first call covers the second.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AgentRunRequest, ExternalToolSettings, LmToolInvokeRequest, ToolApproveRequest, type ToolApproveParams } from "../../protocol/index.ts";
import { SUBMIT_PLAN } from "../../server/agent/agent-loop.ts";
import { agentPromptTexts, copyFixture, startScriptedToolServer } from "../support/agent-fixture.ts";
import { REPO_ROOT, type ServerHandle } from "../support/server-process.ts";

const INSTRUCTION = "Fix the adder.";
const ORIGINAL = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");
const TOOL = { name: "companion_record-note", description: "Records a short note for the user.", inputSchema: { type: "object", properties: { note: { type: "string" } }, required: ["note"] }, tags: ["notes"] };
const call = (args: object, thought?: string) =>
    `${thought ? `<|channel|>analysis<|message|>${thought}<|end|><|start|>assistant` : ""}<|channel|>commentary to=functions.companion_record_note <|constrain|>json<|message|>${JSON.stringify(args)}<|call|>`;
const PLAN = `<|channel|>commentary to=functions.${SUBMIT_PLAN} <|constrain|>json<|message|>${JSON.stringify({ summary: "Zeta fix.", files: [{ action: "edit", path: "src/math.js", edits: [{ search: "    return a - b;", replace: "    return a + b;" }] }] })}<|call|>`;

describe("an lm tool of another extension in an agent task", () => {
    let server: ServerHandle;
    let workspace: string;
    const approvals: ToolApproveParams[] = [];
    const invoked: Array<{ name: string; input: Record<string, unknown> }> = [];
    before(async () => {
        server = await startScriptedToolServer([
            // Each call's note is the word the scripted model tells its next step by.
            { trigger: "assistant", output: call({ note: "Wombat" }, "Quokka notes.") },
            { trigger: "assistant", output: call({ note: "Numbat" }), follows: true },
            { trigger: "assistant", output: PLAN, follows: true },
        ], [...agentPromptTexts(), INSTRUCTION, ORIGINAL, "return a - b;", "return a + b;", TOOL.description, JSON.stringify(TOOL.inputSchema), "(VS Code extension tool, asks the user before it runs)"]);
        server.connection.onRequest(ToolApproveRequest.method, (request: ToolApproveParams) => {
            approvals.push(request);
            return { approved: true, always: true };
        });
        server.connection.onRequest(LmToolInvokeRequest.method, (request: { name: string; input: Record<string, unknown> }) => {
            invoked.push(request);
            return { text: `noted: ${String(request.input.note)}`, isError: false };
        });
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("asks once with the exact arguments, is invoked in the editor under its own name twice, and the plan is proposed", async () => {
        const result = await server.client.request(AgentRunRequest, {
            taskId: "lm-task", kind: "free", instruction: INSTRUCTION, workspaceRoot: workspace, openBuffers: [], reasoningEffort: "low",
            workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 0, seed: 7,
            tools: ExternalToolSettings.parse({ lmTools: [TOOL] }),
        });
        assert.equal(result.outcome, "proposed", result.error);
        assert.equal(approvals.length, 1, "always allow covers the second call");
        assert.deepEqual({ ...approvals[0], arguments: JSON.parse(approvals[0]!.arguments) }, {
            toolId: "lm:companion_record-note", source: "lm", origin: "companion_record-note", name: "companion_record-note",
            description: TOOL.description, arguments: { note: "Wombat" },
        });
        // The model's name has no "-"; the editor is asked for the tool's own name.
        assert.deepEqual(invoked, [{ name: "companion_record-note", input: { note: "Wombat" } }, { name: "companion_record-note", input: { note: "Numbat" } }]);
        const steps = result.steps.flatMap((step) => (step.type === "tool" && step.name !== SUBMIT_PLAN ? [step] : []));
        assert.deepEqual(steps.map((step) => [step.name, step.result, step.isError]), [
            ["companion_record_note", "noted: Wombat", false],
            ["companion_record_note", "noted: Numbat", false],
        ]);
    });

    test("a refusal reaches the model as a tool error, and the tool is not invoked", async () => {
        approvals.length = 0;
        invoked.length = 0;
        server.connection.onRequest(ToolApproveRequest.method, (request: ToolApproveParams) => {
            approvals.push(request);
            return { approved: false, always: false };
        });
        const result = await server.client.request(AgentRunRequest, {
            taskId: "lm-task-2", kind: "free", instruction: INSTRUCTION, workspaceRoot: workspace, openBuffers: [], reasoningEffort: "low",
            workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 0, seed: 7,
            tools: ExternalToolSettings.parse({ lmTools: [TOOL] }),
        });
        assert.equal(result.outcome, "proposed", result.error);
        assert.equal(approvals.length, 2, "refused once is asked again next time");
        assert.deepEqual(invoked, []);
        const steps = result.steps.flatMap((step) => (step.type === "tool" && step.name !== SUBMIT_PLAN ? [step] : []));
        assert.ok(steps.every((step) => step.isError && /The user did not allow companion_record-note/.test(step.result)), JSON.stringify(steps));
    });
});
