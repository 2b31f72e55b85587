import { test } from "node:test";
import assert from "node:assert/strict";
import { SerialQueue } from "../../server/engine/serial-queue.ts";

test("jobs on one sequence never overlap, and a failing job does not block the next", async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    let release!: () => void;
    const first = queue.run(async () => {
        events.push("first start");
        await new Promise<void>((resolve) => { release = resolve; });
        events.push("first end");
        throw new Error("boom");
    });
    const second = queue.run(async () => { events.push("second"); return 2; });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ["first start"]);
    release();
    await assert.rejects(first, /boom/);
    assert.equal(await second, 2);
    assert.deepEqual(events, ["first start", "first end", "second"]);
});
