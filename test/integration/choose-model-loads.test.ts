// Choose Model starts one load per user action and shows no error for loads it replaced
// (issue 16, defect 1): the extension's loading path against the real server, settings written
// through a test double of VS Code's configuration that fires one change event per write.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { loadsHarness } from "../support/model-loads-harness.ts";

describe("Choose Model and the configuration listener", () => {
    let server: ServerHandle;
    let modelA: string;
    let modelB: string;
    before(async () => {
        modelA = await createRandomModel({ seed: 11, name: "gpt-oss synthetic A", vocabulary: "small" });
        modelB = await createRandomModel({ seed: 12, name: "gpt-oss synthetic B", vocabulary: "small" });
        server = await startServer();
    });
    after(() => server.stop());

    test("picking another model while one is loaded sends one load, of the picked model, and shows no error", async () => {
        const harness = loadsHarness(server);
        assert.equal(await harness.chooseLocal(modelA), true);
        assert.equal(harness.status().state, "ready");
        harness.sent.length = 0;
        assert.equal(await harness.chooseLocal(modelB), true);
        await harness.settled();
        assert.deepEqual(harness.sent, [modelB], "one load, never one of a half-written configuration");
        assert.deepEqual(harness.listenerLoads, [], "the listener left the loading to the command");
        assert.deepEqual(harness.errors, []);
        assert.equal(harness.status().modelName, "gpt-oss synthetic B");
    });

    test("a settings change the extension did not make (a hand edit) still loads what it names", async () => {
        const harness = loadsHarness(server);
        assert.equal(await harness.chooseLocal(modelA), true);
        harness.sent.length = 0;
        await harness.settings.update("model.localPath", modelB);
        assert.equal(harness.listenerLoads.length, 1, "the listener started one load");
        assert.equal(await harness.listenerLoads[0], true);
        assert.equal(harness.status().modelName, "gpt-oss synthetic B");
        assert.deepEqual(harness.sent, [modelB]);
        assert.deepEqual(harness.errors, []);
    });

    test("Reload clicked twice quickly: the first load is replaced silently and both calls report the model ready", async () => {
        const harness = loadsHarness(server);
        await harness.chooseLocal(modelA);
        const [first, second] = await Promise.all([harness.reload(), harness.reload()]);
        assert.deepEqual([first, second], [true, true]);
        assert.deepEqual(harness.errors, []);
        assert.equal(harness.status().state, "ready");
    });
});
