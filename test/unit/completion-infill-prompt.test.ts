// The fill-in-the-middle prompt: token order for the two layouts llama.cpp's infill uses, and
// what is kept when the code around the cursor does not fit.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import type { InfillTokens } from "../../server/engine/infill-model.ts";
import { infillPrompt } from "../../server/completion/infill-prompt.ts";

const t = (...ids: number[]) => ids as Token[];
const range = (from: number, count: number) => t(...Array.from({ length: count }, (_, i) => from + i));
const PRE = 9001, SUF = 9002, MID = 9003, BOS = 9000;
const PSM: InfillTokens = { prefix: PRE as Token, suffix: SUF as Token, middle: MID as Token, beginning: null };

test("with a middle token: prefix, suffix, middle (PSM), after the beginning token when the model has one", () => {
    assert.deepEqual(infillPrompt(PSM, t(1, 2), t(3), 100), t(PRE, 1, 2, SUF, 3, MID));
    assert.deepEqual(infillPrompt({ ...PSM, beginning: BOS as Token }, t(1, 2), t(3), 100), t(BOS, PRE, 1, 2, SUF, 3, MID));
});

test("without a middle token: suffix first, then prefix (SPM), so the model continues the prefix", () => {
    assert.deepEqual(infillPrompt({ ...PSM, middle: null }, t(1, 2), t(3), 100), t(SUF, 3, PRE, 1, 2));
});

test("too long: the prefix keeps its end and the suffix its start, the suffix getting a quarter of the room", () => {
    const prompt = infillPrompt(PSM, range(1000, 500), range(2000, 500), 103); // 100 tokens of room
    // The prefix's head goes in steps of 12 (an eighth of the room): 432 of 500 dropped, 68 kept.
    assert.equal(prompt.length, 103);
    assert.deepEqual(prompt.slice(0, 3), t(PRE, 1432, 1433));
    assert.equal(prompt[68], 1499);
    assert.deepEqual(prompt.slice(69, 72), t(SUF, 2000, 2001)); // the suffix gets the rest: 32 tokens
    assert.equal(prompt.at(-2), 2031);
    assert.equal(prompt.at(-1), MID);
});

test("typing on at the end of a long prefix leaves the prompt's start where it was (KV cache reuse)", () => {
    const before = infillPrompt(PSM, range(1000, 500), range(2000, 10), 103);
    const after = infillPrompt(PSM, range(1000, 505), range(2000, 10), 103);
    assert.deepEqual(after.slice(0, 40), before.slice(0, 40));
    assert.ok(after.length <= 103 && after.includes(1504 as Token));
});

test("a short prefix leaves the suffix the rest of the room, and a short suffix leaves it to the prefix", () => {
    const shortPrefix = infillPrompt(PSM, t(1, 2), range(2000, 500), 103);
    assert.deepEqual([shortPrefix.length, shortPrefix.at(-2)], [103, 2097]);
    const shortSuffix = infillPrompt(PSM, range(1000, 500), t(7), 103);
    assert.deepEqual([shortSuffix.length, shortSuffix[1], shortSuffix.at(-2)], [96, 1408, 7]);
});

test("a budget with no room for code is an error, not an empty prompt", () => {
    assert.throws(() => infillPrompt(PSM, t(1), t(2), 3), /needs more than 3 tokens/);
});
