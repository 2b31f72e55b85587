// 50 rapid Choose Model / Reload / Unload actions in a row, each started before the previous one
// finished, then a chat turn (issue 16's fault suite): the extension's loading path (ModelLoads,
// the typed client) against the real server, with VS Code's settings replaced by the settings
// test double. Every error notification the user would have seen is counted: there must be none,
// and the chat turn afterwards must be answered by the model last chosen.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { loadsHarness } from "../support/model-loads-harness.ts";
import { recordFault } from "./fault-ledger.ts";

/** mulberry32: the action sequence is the same on every run. */
function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let value = state;
        value = Math.imul(value ^ (value >>> 15), value | 1);
        value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
        return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
}

describe("50 rapid model actions", () => {
    let server: ServerHandle;
    let models: string[];
    before(async () => {
        // Small vocabulary: loading is under test, not the tokenizer (the real one makes each load much slower).
        models = [await createRandomModel({ seed: 31, name: "gpt-oss synthetic A", vocabulary: "small" }), await createRandomModel({ seed: 32, name: "gpt-oss synthetic B", vocabulary: "small" })];
        server = await startServer();
    });
    after(() => server.stop());

    test("no error notification, and the chat turn afterwards works on the model chosen last", async () => {
        const harness = loadsHarness(server);
        assert.equal(await harness.chooseLocal(models[0]!), true);
        const random = seeded(16);
        const actions: Array<Promise<unknown>> = [];
        const names: string[] = [];
        let chosen = models[0]!;
        for (let index = 0; index < 50; index += 1) {
            const pick = random();
            if (pick < 0.4) {
                chosen = models[random() < 0.5 ? 0 : 1]!;
                names.push(`choose ${chosen === models[0] ? "A" : "B"}`);
                actions.push(harness.chooseLocal(chosen));
            } else if (pick < 0.75) {
                names.push("reload");
                actions.push(harness.reload());
            } else {
                names.push("unload");
                actions.push(harness.unload());
            }
            // One turn of the event loop between clicks: each action starts while others still run.
            await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(actions);
        await harness.settled();
        assert.deepEqual(harness.errors, [], `error notifications after: ${names.join(", ")}`);

        // A chat turn, as the chat view sends it: it loads the model first when none is loaded.
        if (harness.status().state !== "ready") assert.equal(await harness.reload(), true);
        assert.equal(harness.status().modelName, chosen === models[0] ? "gpt-oss synthetic A" : "gpt-oss synthetic B");
        const answer = await server.client.chatTurn({ messages: [{ role: "user", content: "Hello?" }], reasoningEffort: "low", maxTokens: 8 }, () => undefined);
        assert.equal(answer.usage.generatedTokens, 8);
        assert.deepEqual(harness.errors, []);
        recordFault({
            fault: "50 rapid Choose Model / Reload / Unload actions, then a chat turn",
            injected: `${names.filter((name) => name.startsWith("choose")).length} choose, ${names.filter((name) => name === "reload").length} reload, ${names.filter((name) => name === "unload").length} unload, one event-loop turn apart; ${harness.sent.length} load requests reached the server`,
            recovered: true, itemsLost: 0, falseErrorNotifications: harness.errors.length,
        });
    });
});
