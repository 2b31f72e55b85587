// The reasoning kept per tool call: found by any call of its turn, bounded, newest kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ReasoningMemory } from "../../extension/lm/reasoning-memory.ts";

test("every call of a turn finds the turn's reasoning; empty reasoning is not kept", () => {
    const memory = new ReasoningMemory();
    memory.remember(["a", "b"], "two calls");
    memory.remember(["c"], "");
    assert.equal(memory.recall(["b"]), "two calls");
    assert.equal(memory.recall(["x", "a"]), "two calls");
    assert.equal(memory.recall(["c"]), undefined);
});

test("past its capacity the oldest calls are forgotten first", () => {
    const memory = new ReasoningMemory(2);
    memory.remember(["1"], "one");
    memory.remember(["2"], "two");
    memory.remember(["3"], "three");
    assert.equal(memory.recall(["1"]), undefined);
    assert.equal(memory.recall(["2"]), "two");
    assert.equal(memory.recall(["3"]), "three");
});
