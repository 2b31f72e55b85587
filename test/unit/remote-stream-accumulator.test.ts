// The stream reader against chunk shapes real servers send that the integration double does not
// script: calls sent all with index 0 by a proxy, a name repeated in later fragments, a "stop"
// finish on a calling turn, and a chunk that is not a chunk at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamAccumulator } from "../../server/engine/remote/stream-accumulator.ts";

const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta: value, finish_reason: finish }] });

test("two calls a proxy sent both with index 0 stay two calls", () => {
    const reader = new StreamAccumulator();
    reader.add(delta({ tool_calls: [{ index: 0, id: "call_a", function: { name: "read_file", arguments: "{\"path\":" } }] }));
    reader.add(delta({ tool_calls: [{ index: 0, function: { name: "read_file", arguments: "\"a.ts\"}" } }] }));
    reader.add(delta({ tool_calls: [{ index: 0, id: "call_b", function: { name: "list_dir", arguments: "" } }] }, "stop"));
    assert.equal(reader.stopReason(), "tool-calls");
    assert.deepEqual(reader.toolCalls(), [
        { id: "call_a", name: "read_file", arguments: "{\"path\":\"a.ts\"}" },
        { id: "call_b", name: "list_dir", arguments: "{}" },
    ]);
});

test("length on a turn with text is max-tokens; no finish reason is not finished", () => {
    const reader = new StreamAccumulator();
    reader.add(delta({ content: "abc" }));
    assert.equal(reader.finished, false);
    reader.add(delta({}, "length"));
    assert.equal(reader.stopReason(), "max-tokens");
});

test("a chunk of the wrong shape is a clear error", () => {
    const reader = new StreamAccumulator();
    assert.throws(() => reader.add({ choices: "nope" }), /stream chunk this extension cannot read/);
});
