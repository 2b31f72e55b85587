// 500 agent tasks on random-weight gpt-oss models (different seeds, bounded steps and tokens):
// whatever the model says, the server does not crash, no file of the workspace is written, and
// every task ends in a result the review can show or in an error with a message.
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AgentRunRequest, DiagnosticsRequest, type AgentRunParams } from "../../protocol/index.ts";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { copyFixture, fingerprint } from "../support/agent-fixture.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const RUNS = 500;
let server: ServerHandle;
let workspace: string;

before(async () => {
    server = await startServer();
    server.connection.onRequest(DiagnosticsRequest.method, () => ({ diagnostics: [{ path: "src/math.js", line: 1, character: 4, severity: "error", message: "Wrong operator" }] }));
    // Small vocabulary: 500 runs fuzz how the server handles model output, not token counts, and o200k_harmony's 201,088-wide sampling makes them ~50 times slower.
    assert.equal((await server.client.load(testConfig(await createRandomModel({ seed: 77, vocabulary: "small" }), { contextSize: 8192 }))).state, "ready");
    workspace = await copyFixture("agent-project");
});
after(async () => {
    await server.stop();
    await rm(workspace, { recursive: true, force: true });
});

test(`${RUNS} random-weight agent runs never crash the server, never write a file, and each ends clearly`, async (t) => {
    const before = await fingerprint(workspace);
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let toolCalls = 0;
    for (let seed = 0; seed < RUNS; seed += 1) {
        const params: AgentRunParams = {
            taskId: `fuzz-${seed}`, kind: "free", instruction: "Fix the adder.", workspaceRoot: workspace, openBuffers: [], reasoningEffort: "low",
            workspaceTrusted: seed % 2 === 0, maxSteps: 3, maxTokens: 64, verify: false, repairRounds: 1, seed,
        };
        try {
            const result = await server.client.request(AgentRunRequest, params);
            count(result.outcome);
            toolCalls += result.steps.filter((step) => step.type === "tool").length;
            if (result.outcome === "failed") assert.ok((result.error ?? "").length > 10, `seed ${seed}: a failure says why`);
            if (result.outcome === "proposed") assert.ok(result.changes.length > 0, `seed ${seed}: a proposal has changes`);
            assert.ok(result.usage.steps <= 3 && result.usage.steps >= 1, `seed ${seed}: ${result.usage.steps} steps`);
        } catch (error) {
            // An engine error reaches the user as its message; an internal error would be a bug.
            const message = error instanceof Error ? error.message : String(error);
            assert.doesNotMatch(message, /Internal error|invalid params|invalid result/, `seed ${seed}: ${message}`);
            count(`error: ${message.slice(0, 60)}`);
        }
    }
    t.diagnostic(`outcomes: ${[...outcomes].map(([key, value]) => `${key} ${value}`).join(", ")}; tool calls answered: ${toolCalls}`);
    assert.equal(server.child.exitCode, null, "the server is still running");
    assert.equal((await server.client.status()).state, "ready");
    assert.deepEqual(await fingerprint(workspace), before, "no file was written");
    assert.ok(!server.logs.some((line) => /unhandled rejection/.test(line)), server.logs.filter((line) => /unhandled/.test(line)).join("\n"));
});
