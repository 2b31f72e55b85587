// The draft-model option through the real server: a draft GGUF with gpt-oss's vocabulary drafts
// the chat's tokens and the answer stays the same; one with another vocabulary is refused with a
// notice that says why, and the model still loads and answers (with lookup drafting).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { SpeculationConfig } from "../../protocol/index.ts";
import { createRandomModel, createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const ANSWER = "Drafts are checked by the big model, so the answer is the same.";
const USER = [{ role: "user" as const, content: "Does a draft model change the answer?" }];

function speculation(draftModelPath: string | undefined): SpeculationConfig {
    return {
        chat: { enabled: true, draftLength: 8, minMatch: 3 },
        completions: { enabled: true, draftLength: 8, minMatch: 3 },
        ...(draftModelPath !== undefined ? { draftModelPath } : {}),
    };
}

describe("a draft model", () => {
    let model: string;
    let server: ServerHandle;
    before(async () => {
        model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: `<|channel|>final<|message|>${ANSWER}<|return|>` }], promptTexts: [USER[0].content] });
        server = await startServer();
    });
    after(() => server?.stop());

    test("with the same vocabulary it drafts, its drafts are accepted, and the answer is the same", async () => {
        // The model itself as its own draft: the same vocabulary, and guesses that are always right.
        const status = await server.client.load(testConfig(model, { speculation: speculation(model) }));
        assert.equal(status.state, "ready");
        assert.equal(status.notice ?? "", "");
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", sampling: { temperature: 0 } }, () => undefined);
        assert.equal(result.text, ANSWER);
        const acceptance = (await server.client.status()).draftAcceptance;
        // Not near 1 although the guesses are right: the answer is short, and the drafts that run
        // past its end (after <|return|>) are evaluated and refuted too.
        assert.ok(typeof acceptance === "number" && acceptance > 0, `acceptance ${acceptance}`);
    });

    test("with another vocabulary it is refused with a notice naming the difference, and gpt-oss still answers", async () => {
        const other = await createRandomModel({ vocabulary: "small", seed: 4 });
        const status = await server.client.load(testConfig(model, { speculation: speculation(other) }));
        assert.equal(status.state, "ready");
        assert.match(status.notice ?? "", /draft model .* does not share gpt-oss's vocabulary \(it has \d+ tokens, gpt-oss has 201088\)/);
        const result = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", sampling: { temperature: 0 } }, () => undefined);
        assert.equal(result.text, ANSWER);
    });

    test("a draft model file that does not exist is named in the notice; the load still succeeds", async () => {
        const status = await server.client.load(testConfig(model, { speculation: speculation("/nonexistent/draft.gguf") }));
        assert.equal(status.state, "ready");
        assert.match(status.notice ?? "", /draft model \/nonexistent\/draft\.gguf could not be loaded/);
    });
});
