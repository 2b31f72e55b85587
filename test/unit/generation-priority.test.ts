// The policy that makes chat generations wait for inline completions: who waits, when they go on,
// and that neither a hung completion nor an unload can leave a chat waiting for good.
import { test } from "node:test";
import assert from "node:assert/strict";
import { GenerationPriority } from "../../server/engine/generation-priority.ts";

/** Whether a promise has settled, after letting every pending callback run. */
async function settled(promise: Promise<void>): Promise<boolean> {
    let done = false;
    void promise.then(() => { done = true; });
    await new Promise((resolve) => setImmediate(resolve));
    return done;
}

test("with no completion running, a chat decode goes at once and counts no pause", () => {
    const priority = new GenerationPriority();
    assert.equal(priority.whenFree(), null);
    assert.deepEqual(priority.figures, { pauses: 0, expiredHolds: 0, urgent: 0 });
});

test("a chat decode waits while a completion runs and goes on when it ends", async () => {
    const priority = new GenerationPriority();
    const release = priority.hold();
    const paused = priority.whenFree();
    assert.ok(paused !== null);
    assert.equal(await settled(paused), false);
    release();
    assert.equal(await settled(paused), true);
    assert.deepEqual(priority.figures, { pauses: 1, expiredHolds: 0, urgent: 0 });
    assert.equal(priority.whenFree(), null);
});

test("overlapping completions: the chat goes on only after the last one ends", async () => {
    const priority = new GenerationPriority();
    const first = priority.hold();
    const second = priority.hold();
    const paused = priority.whenFree()!;
    first();
    first(); // releasing twice must not release the other completion's hold
    assert.equal(await settled(paused), false);
    assert.equal(priority.figures.urgent, 1);
    second();
    assert.equal(await settled(paused), true);
});

test("a completion that never ends stops pausing the chat after maxHoldMs", async () => {
    // A 1 ms bound: the test waits for the expiry event, not for any length of time.
    const priority = new GenerationPriority(1);
    priority.hold(); // never released: a hung completion
    const paused = priority.whenFree();
    assert.ok(paused !== null);
    // The hold's timer is unref'd (a hung completion must not keep the server alive), so nothing
    // else would keep this test's event loop running until it fires: the process would end with
    // the test still pending (it did, in 3 runs of 5).
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
        await paused;
    } finally {
        clearInterval(keepAlive);
    }
    assert.deepEqual(priority.figures, { pauses: 1, expiredHolds: 1, urgent: 0 });
    assert.equal(priority.whenFree(), null);
});

test("closing (the model unloads) lets a paused decode go and pauses nobody afterwards", async () => {
    const priority = new GenerationPriority();
    priority.hold();
    const paused = priority.whenFree()!;
    priority.close();
    assert.equal(await settled(paused), true);
    priority.hold();
    assert.equal(priority.whenFree(), null);
});

test("a bound that is not a positive number is refused", () => {
    assert.throws(() => new GenerationPriority(0), /maxHoldMs must be positive/);
    assert.throws(() => new GenerationPriority(Number.NaN), /maxHoldMs must be positive/);
});
