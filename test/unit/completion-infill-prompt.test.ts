// The fill-in-the-middle prompt: token order for each layout a model family is trained on, what
// is kept when the code around the cursor does not fit, and what a keystroke leaves unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import type { InfillTokens } from "../../server/engine/infill-model.ts";
import { infillPrompt } from "../../server/completion/infill-prompt.ts";

const t = (...ids: number[]) => ids as Token[];
const range = (from: number, count: number) => t(...Array.from({ length: count }, (_, i) => from + i));
const PRE = 9001, SUF = 9002, MID = 9003, BOS = 9000;
const PSM: InfillTokens = { prefix: PRE as Token, suffix: SUF as Token, middle: MID as Token, beginning: null, layout: "prefix-suffix-middle" };
const SPM: InfillTokens = { ...PSM, layout: "suffix-prefix-middle" };
const SUFFIX_THEN_PREFIX: InfillTokens = { ...PSM, layout: "suffix-then-prefix" };

/** How many tokens at the start of `next` equal `previous`'s: what the KV cache keeps. */
function commonStart(previous: readonly Token[], next: readonly Token[]): number {
    let index = 0;
    while (index < previous.length && index < next.length && previous[index] === next[index]) index += 1;
    return index;
}

test("with a middle token: prefix, suffix, middle (PSM), after the beginning token when the model has one", () => {
    assert.deepEqual(infillPrompt(PSM, t(1, 2), t(3), 100), t(PRE, 1, 2, SUF, 3, MID));
    assert.deepEqual(infillPrompt({ ...PSM, beginning: BOS as Token }, t(1, 2), t(3), 100), t(BOS, PRE, 1, 2, SUF, 3, MID));
});

test("without a middle token: suffix first, then prefix, so the model continues the prefix", () => {
    assert.deepEqual(infillPrompt({ ...PSM, middle: null }, t(1, 2), t(3), 100), t(SUF, 3, PRE, 1, 2));
});

test("Code Llama's suffix-first layout: <s> <PRE> <SUF> suffix <MID> prefix, as Meta's infilling_prompt_tokens(suffix_first) builds it", () => {
    assert.deepEqual(infillPrompt({ ...SPM, beginning: BOS as Token }, t(1, 2), t(3), 100), t(BOS, PRE, SUF, 3, MID, 1, 2));
});

test("Codestral's layout: suffix, then prefix, no middle token even when the GGUF declares one (Mistral's encode_fim)", () => {
    assert.deepEqual(infillPrompt({ ...SUFFIX_THEN_PREFIX, beginning: BOS as Token }, t(1, 2), t(3), 100), t(BOS, SUF, 3, PRE, 1, 2));
    // Two special tokens, not three: a budget of 3 leaves room for code (PSM's would not).
    assert.deepEqual(infillPrompt(SUFFIX_THEN_PREFIX, t(1), t(2), 3), t(SUF, PRE, 1));
});

test("a keystroke: prefix first re-evaluates the whole suffix, suffix first only the typed token", () => {
    const prefix = range(1000, 300);
    const typed = [...prefix, 5000 as Token];
    const suffix = range(2000, 200);
    const fresh = (tokens: InfillTokens) => {
        const before = infillPrompt(tokens, prefix, suffix, 4096);
        const after = infillPrompt(tokens, typed, suffix, 4096);
        return after.length - commonStart(before, after);
    };
    // PSM: the typed token, <SUF>, the 200 suffix tokens and <MID> come after the change.
    assert.equal(fresh(PSM), 1 + 1 + 200 + 1);
    assert.equal(fresh(SPM), 1);
    assert.equal(fresh(SUFFIX_THEN_PREFIX), 1);
});

test("suffix first near the budget: the suffix keeps its share while the prefix grows, so the prompt's start stays", () => {
    // 100 tokens of room, a long suffix: it gets its quarter (25) whatever the prefix's length.
    const short = infillPrompt(SPM, range(1000, 10), range(2000, 500), 103);
    const longer = infillPrompt(SPM, range(1000, 60), range(2000, 500), 103);
    assert.deepEqual(short.slice(0, 28), longer.slice(0, 28));
    assert.deepEqual(short.slice(0, 3), t(PRE, SUF, 2000));
    assert.equal(short[27], MID);
    assert.equal(longer.length, 2 + 25 + 1 + 60);
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
