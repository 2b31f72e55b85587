// What a model load, reload or unload does to work already in progress (issue 16, defects 1 and
// 5), through the real server and engine on a scripted synthetic model that talks forever: a
// running generation is stopped (not waited for) and the caller is told why; a load superseded
// by a newer one reaches the client as a cancellation, which the extension shows to nobody.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { RequestCancelledError } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const USER = [{ role: "user" as const, content: "Count for a long time." }];
/** Far more than the test waits for: the turn ends only because it is stopped. */
const MAX_TOKENS = 8192;

describe("loads and unloads stop running work", () => {
    let server: ServerHandle;
    let model: string;
    before(async () => {
        model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock" });
        server = await startServer();
        assert.equal((await server.client.load(testConfig(model, { contextSize: 16384 }))).state, "ready");
    });
    after(() => server.stop());

    /** Starts a long turn and resolves once its answer is streaming. */
    async function streamingTurn() {
        const chunks: string[] = [];
        let started!: () => void;
        const streaming = new Promise<void>((resolve) => { started = resolve; });
        const turn = server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: MAX_TOKENS }, (_channel, text) => {
            chunks.push(text);
            if (chunks.length === 3) started();
        });
        turn.catch(() => undefined);
        await streaming;
        return { turn, chunks };
    }

    test("unload stops a running chat turn, which fails saying the model was unloaded", async () => {
        const { turn, chunks } = await streamingTurn();
        const status = await server.client.unload();
        assert.equal(status.state, "not-loaded");
        await assert.rejects(turn, (error: Error) => {
            assert.ok(!(error instanceof RequestCancelledError), "not a silent cancellation: the user did not stop it");
            assert.match(error.message, /unloaded/);
            return true;
        });
        assert.ok(chunks.length < MAX_TOKENS / 4, `stopped early (${chunks.length} chunks), not run to its token limit`);
    });

    test("reloading (or switching model) stops a running chat turn, which says so; the new model answers", async () => {
        assert.equal((await server.client.load(testConfig(model, { contextSize: 16384 }))).state, "ready");
        const { turn, chunks } = await streamingTurn();
        const status = await server.client.load(testConfig(model, { contextSize: 4096 }));
        assert.equal(status.state, "ready");
        await assert.rejects(turn, /model was (re)?loaded|another model/);
        assert.ok(chunks.length < MAX_TOKENS / 4, `stopped early (${chunks.length} chunks)`);
        const next = await server.client.chatTurn({ messages: USER, reasoningEffort: "low", maxTokens: 8 }, () => undefined);
        assert.equal(next.stopReason, "max-tokens");
    });

    test("a load superseded by a newer one rejects as a cancellation on the client, and the newer one wins", async () => {
        const first = server.client.load(testConfig(model, { contextSize: 2048 }));
        const second = server.client.load(testConfig(model, { contextSize: 4096 }));
        const [older, newer] = await Promise.allSettled([first, second]);
        assert.equal(newer.status, "fulfilled");
        assert.equal(newer.status === "fulfilled" && newer.value.contextSize, 4096);
        // The second request reaches the server while the first is still loading (both are sent at once).
        assert.equal(older.status, "rejected");
        assert.ok(older.status === "rejected" && older.reason instanceof RequestCancelledError, `got ${older.status === "rejected" ? String(older.reason) : "a result"}`);
    });

    // Seen in a CI dry run of "50 rapid model actions": with one load in flight, two newer ones both
    // waited for it and then both loaded, at the same time; whichever finished last stayed loaded
    // (not the newest) and the other model was never freed. Here the middle load is the slow one,
    // so it finishes last unless only the newest runs.
    test("of three loads sent at once, only the newest loads; the middle one is cancelled, not finished after it", async () => {
        const slow = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock", embeddingLength: 512, blockCount: 8, name: "gpt-oss synthetic slow" });
        const settled = await Promise.allSettled([
            server.client.load(testConfig(model, { contextSize: 2048 })),
            server.client.load(testConfig(slow, { contextSize: 2048 })),
            server.client.load(testConfig(model, { contextSize: 4096 })),
        ]);
        assert.deepEqual(settled.map((result) => result.status), ["rejected", "rejected", "fulfilled"]);
        assert.ok(settled.slice(0, 2).every((result) => result.status === "rejected" && result.reason instanceof RequestCancelledError));
        const status = await server.client.status();
        assert.equal(status.state, "ready");
        assert.equal(status.modelPath, model);
        assert.equal(status.contextSize, 4096);
    });
});
