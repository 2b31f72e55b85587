// Structured output through the real server: the zod schema becomes a JSON-schema grammar, so
// even a model with random weights (a fuzzer of model output) can only produce data the schema
// accepts. Checked over many seeds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { RequestCancelledError } from "../../protocol/index.ts";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

/** Shaped like the agent's edit plan: nested objects, arrays, enums, strings and numbers. */
const EditPlan = z.object({
    summary: z.string(),
    files: z.array(z.object({
        path: z.string(),
        action: z.enum(["edit", "create", "delete"]),
        edits: z.array(z.object({ search: z.string(), replace: z.string() })),
    })),
    confidence: z.number(),
    verified: z.boolean(),
});

let server: ServerHandle;
before(async () => {
    server = await startServer();
    await server.client.load(testConfig(await createRandomModel({ seed: 7 }), { contextSize: 4096 }));
});
after(() => server.stop());

test("random weights under the grammar always produce data the zod schema accepts (24 seeds)", async () => {
    let parsedCount = 0;
    let cutOff = 0;
    for (let seed = 1; seed <= 24; seed += 1) {
        try {
            const result = await server.client.structured(EditPlan, {
                messages: [{ role: "user", content: "Plan the edit." }], reasoningEffort: "low", maxTokens: 400, sampling: { seed },
            });
            assert.ok(EditPlan.safeParse(result.value).success);
            assert.deepEqual(JSON.parse(result.text), result.value);
            parsedCount += 1;
        } catch (error) {
            // A random model may ramble until the token budget, or write 1e999: each must be a
            // clear error, never bad data.
            assert.match((error as Error).message, /cut off at \d+ tokens|number too large to represent at \$\.\w+/);
            cutOff += 1;
        }
    }
    assert.ok(parsedCount >= 12, `only ${parsedCount} of 24 completed (${cutOff} cut off)`);
});

test("a simple schema completes on every seed", async () => {
    const Answer = z.object({ ok: z.boolean(), kind: z.enum(["a", "b", "c"]) });
    for (let seed = 100; seed < 116; seed += 1) {
        const result = await server.client.structured(Answer, { messages: [{ role: "user", content: "Answer." }], reasoningEffort: "low", maxTokens: 200, sampling: { seed } });
        assert.ok(typeof result.value.ok === "boolean");
        assert.ok(["a", "b", "c"].includes(result.value.kind));
    }
});

test("a structured call can be cancelled, and the next one works", async () => {
    // The call cannot finish by itself before the cancellation lands, however fast or loaded the
    // machine: its schema asks for thousands of characters, and the cancellation is sent right
    // behind the request on the same channel (no timer decides when). Seeded, so the run repeats.
    const Long = z.object({ essay: z.string().min(4000) });
    const controller = new AbortController();
    const call = server.client.structured(Long, { messages: [{ role: "user", content: "Write." }], reasoningEffort: "low", maxTokens: 20_000, sampling: { seed: 11 } }, controller.signal);
    controller.abort();
    await assert.rejects(call, RequestCancelledError);
    const Small = z.object({ ok: z.boolean() });
    const next = await server.client.structured(Small, { messages: [{ role: "user", content: "Answer." }], reasoningEffort: "low", maxTokens: 100, sampling: { seed: 3 } });
    assert.equal(typeof next.value.ok, "boolean");
});
