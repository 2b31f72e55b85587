// Speculation never changes what the user gets: the same scripted synthetic gpt-oss model (real
// o200k_harmony vocabulary) runs in two real servers, one with lookup speculation forced on (long
// drafts, drafting from a single matching token so drafts are refuted often too) and one with it
// off, and every answer, plan and completion must be the same, token for token. Each case also
// checks that drafts were really offered and accepted (the status's draftAcceptance), so an
// equality that held because nothing was drafted cannot pass.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AgentRunRequest, DiagnosticsRequest, InlineCompletionRequest, type AgentRunParams, type CompletionParams, type SpeculationConfig } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { agentPromptTexts, copyFixture, READ_MATH_JS } from "../support/agent-fixture.ts";
import { REPO_ROOT, startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const EAGER: SpeculationConfig = {
    chat: { enabled: true, draftLength: 24, minMatch: 1 },
    completions: { enabled: true, draftLength: 24, minMatch: 1 },
};
const OFF: SpeculationConfig = {
    chat: { enabled: false, draftLength: 24, minMatch: 1 },
    completions: { enabled: false, draftLength: 24, minMatch: 1 },
};

const FUNCTION = [
    "function clampScore(value, low, high) {",
    "    if (value < low) return low;",
    "    if (value > high) return high;",
    "    return Math.round(value * 100) / 100;",
    "}",
].join("\n");
const QUESTION = `What does this do?\n\n${FUNCTION}`;
const ANSWER = `It limits a score to a range:\n\n${FUNCTION}\n\nValues outside the range become the nearest bound.`;

async function serverWith(modelPath: string, speculation: SpeculationConfig, contextSize = 4096): Promise<ServerHandle> {
    const server = await startServer();
    server.connection.onRequest(DiagnosticsRequest.method, () => ({ diagnostics: [] }));
    assert.equal((await server.client.load(testConfig(modelPath, { contextSize, speculation }))).state, "ready");
    return server;
}

describe("a chat answer that quotes a function from the question", () => {
    let on: ServerHandle;
    let off: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: `<|channel|>final<|message|>${ANSWER}<|return|>` }],
            promptTexts: [QUESTION],
        });
        [on, off] = await Promise.all([serverWith(model, EAGER), serverWith(model, OFF)]);
    });
    after(async () => {
        await on?.stop();
        await off?.stop();
    });

    const ask = (server: ServerHandle, sampling: { temperature?: number; seed?: number }) =>
        server.client.chatTurn({ messages: [{ role: "user", content: QUESTION }], reasoningEffort: "low", sampling }, () => undefined);

    test("greedy: the same answer and the same number of generated tokens, with drafts accepted", async () => {
        const withDrafts = await ask(on, { temperature: 0 });
        const acceptance = (await on.client.status()).draftAcceptance;
        const without = await ask(off, { temperature: 0 });
        assert.equal(without.text, ANSWER);
        assert.equal(withDrafts.text, without.text);
        assert.equal(withDrafts.usage.generatedTokens, without.usage.generatedTokens);
        assert.equal((await off.client.status()).draftAcceptance, null, "nothing is drafted with speculation off");
        assert.ok(typeof acceptance === "number" && acceptance > 0, `acceptance ${acceptance}`);
    });

    test("sampled at temperature 1 with a seed: the same answer with and without, over several seeds", async () => {
        for (const seed of [1, 2, 3]) {
            const withDrafts = await ask(on, { temperature: 1, seed });
            const without = await ask(off, { temperature: 1, seed });
            assert.equal(withDrafts.text, without.text, `seed ${seed}`);
            assert.equal(withDrafts.usage.generatedTokens, without.usage.generatedTokens, `seed ${seed}`);
        }
        const acceptance = (await on.client.status()).draftAcceptance;
        assert.ok(typeof acceptance === "number" && acceptance > 0, `acceptance ${acceptance}`);
    });

    test("a second turn after a speculated one still reuses the cached prefix", async () => {
        const first = await ask(on, { temperature: 0 });
        const second = await on.client.chatTurn({
            messages: [{ role: "user", content: QUESTION }, { role: "assistant", content: first.text }, { role: "user", content: QUESTION }],
            reasoningEffort: "low", sampling: { temperature: 0 },
        }, () => undefined);
        assert.equal(second.text, ANSWER);
        assert.ok(second.usage.evaluatedTokens < second.usage.promptTokens / 2, `evaluated ${second.usage.evaluatedTokens} of ${second.usage.promptTokens}`);
    });
});

describe("an edit plan under the submit_plan grammar that copies the file it read", () => {
    const INSTRUCTION = "Fix the adder.";
    let original: string;
    let on: ServerHandle;
    let off: ServerHandle;
    let workspace: string;
    before(async () => {
        original = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");
        const search = "export function add(a, b) {\n    return a - b;\n}";
        const replace = "export function add(a, b) {\n    return a + b;\n}";
        const plan = `<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>${JSON.stringify({ summary: "Zeta fix.", files: [{ action: "edit", path: "src/math.js", edits: [{ search, replace }] }] })}<|call|>`;
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: plan, follows: true }],
            promptTexts: [...agentPromptTexts(), INSTRUCTION, original, "src/math.js, 7 lines:"],
            slidingWindow: 8192,
        });
        [on, off] = await Promise.all([serverWith(model, EAGER, 8192), serverWith(model, OFF, 8192)]);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await on?.stop();
        await off?.stop();
        if (workspace) await rm(workspace, { recursive: true, force: true });
    });

    const params = (seed: number): AgentRunParams => ({
        taskId: `task-${seed}`, kind: "free", instruction: INSTRUCTION, workspaceRoot: workspace, openBuffers: [], reasoningEffort: "low",
        workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 2, seed,
    });

    test("the plan parses and proposes exactly the change the unspeculated run proposes", async () => {
        for (const seed of [7, 8]) {
            const withDrafts = await on.client.request(AgentRunRequest, params(seed));
            const acceptance = (await on.client.status()).draftAcceptance;
            const without = await off.client.request(AgentRunRequest, params(seed));
            assert.equal(without.outcome, "proposed", without.error);
            assert.equal(withDrafts.outcome, "proposed", withDrafts.error);
            assert.equal(withDrafts.summary, without.summary);
            assert.deepEqual(withDrafts.changes, without.changes);
            assert.deepEqual(withDrafts.changes, [{ path: "src/math.js", kind: "modify", before: original, after: original.replace("return a - b;", "return a + b;") }]);
            assert.ok(typeof acceptance === "number" && acceptance > 0, `acceptance ${acceptance}`);
        }
    });
});

describe("a completion that repeats the pattern above the cursor", () => {
    const PREFIX = [
        "const handlers = {",
        "    open: (event) => audit.record(\"open\", event.id, event.user),",
        "    close: (event) => audit.record(\"close\", event.id, event.user),",
        "    ",
    ].join("\n");
    const BASE: CompletionParams = { path: "src/handlers.js", languageId: "javascript", prefix: PREFIX, suffix: "\n};\n" };
    let on: ServerHandle;
    let off: ServerHandle;
    before(async () => {
        // The completion prompt ends with <|message|> (see completion.test.ts): the script's trigger.
        const model = await createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "save: (event) => audit.record(\"save\", event.id, event.user),<|return|>" }] });
        [on, off] = await Promise.all([serverWith(model, EAGER), serverWith(model, OFF)]);
    });
    after(async () => {
        await on?.stop();
        await off?.stop();
    });

    test("the ghost text is the same with and without drafts, and the next keystroke evaluates only the changed tail", async () => {
        const withDrafts = await on.client.request(InlineCompletionRequest, BASE);
        const without = await off.client.request(InlineCompletionRequest, BASE);
        assert.equal(without.text, "save: (event) => audit.record(\"save\", event.id, event.user),");
        assert.equal(withDrafts.text, without.text);
        assert.equal(withDrafts.usage.generatedTokens, without.usage.generatedTokens);
        // A keystroke off the suggestion: the speculated generation left the KV cache usable, so
        // only the new tail is evaluated, as without speculation.
        const typedOn = await on.client.request(InlineCompletionRequest, { ...BASE, prefix: `${PREFIX}x` });
        const typedOff = await off.client.request(InlineCompletionRequest, { ...BASE, prefix: `${PREFIX}x` });
        assert.equal(typedOn.source, "generated");
        assert.equal(typedOn.text, typedOff.text);
        assert.equal(typedOn.usage.evaluatedTokens, typedOff.usage.evaluatedTokens);
        assert.ok(typedOn.usage.evaluatedTokens <= 8, `evaluated ${typedOn.usage.evaluatedTokens} of ${typedOn.usage.promptTokens}`);
    });
});
