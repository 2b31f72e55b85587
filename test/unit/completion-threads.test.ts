// Threads for inline completions: every math core on the CPU (the chat pauses meanwhile), never
// fewer than the chat's, and exactly what the user set when they set a number.
import { test } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import { chooseCompletionThreads, chooseThreads } from "../../server/engine/llama-runtime.ts";

// The bench's comparison switch (generation-priority.ts) must not leak in from the environment.
delete process.env.GPTOSS_GENERATION_PRIORITY;

test("on the CPU with threads on auto, completions take every math core", () => {
    const chat = chooseThreads(0, "cpu");
    assert.equal(chooseCompletionThreads(0, "cpu", chat + 3), chat + 3);
});

test("completions never get fewer threads than the chat", () => {
    assert.equal(chooseCompletionThreads(0, "cpu", 0), chooseThreads(0, "cpu"));
});

test("a thread count the user set applies to completions as to the chat", () => {
    assert.equal(chooseCompletionThreads(3, "cpu", os.availableParallelism() + 8), 3);
});

test("with a GPU, completions use the chat's few threads", () => {
    assert.equal(chooseCompletionThreads(0, "cuda", 64), chooseThreads(0, "cuda"));
});

test("with the policy switched off for the bench's comparison, completions use the chat's count", () => {
    process.env.GPTOSS_GENERATION_PRIORITY = "off";
    try {
        assert.equal(chooseCompletionThreads(0, "cpu", 64), chooseThreads(0, "cpu"));
    } finally {
        delete process.env.GPTOSS_GENERATION_PRIORITY;
    }
});
