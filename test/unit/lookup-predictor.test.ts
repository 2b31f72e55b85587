// The lookup predictor on its own, fed token ids the way a context sequence feeds it (reset with
// the context, then every generated token): what it drafts, and how its draft length adapts and
// pauses. Its effect on real generations is in test/integration/speculation-equality.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import { LookupPredictor } from "../../server/engine/lookup-predictor.ts";
import { acceptanceBetween } from "../../server/engine/speculation.ts";

const t = (...ids: number[]) => ids as Token[];
const reset = (predictor: LookupPredictor, tokens: Token[]) => predictor.reset({ stateTokens: tokens });

test("after the last tokens match earlier context, it drafts what followed them there", () => {
    const predictor = new LookupPredictor({ enabled: true, draftLength: 8, minMatch: 2 });
    reset(predictor, t(1, 2, 3, 4, 5, 6, 9, 1, 2));
    assert.deepEqual(predictor.predictTokens(), t(3, 4, 5, 6), "the first draft is short (4), below the configured 8");
});

test("no draft without a match of minMatch tokens, nor when turned off", () => {
    const strict = new LookupPredictor({ enabled: true, draftLength: 8, minMatch: 3 });
    reset(strict, t(1, 2, 3, 4, 5, 9, 2, 3));
    assert.deepEqual(strict.predictTokens(), t(), "only 2 tokens match");
    const off = new LookupPredictor({ enabled: false, draftLength: 8, minMatch: 1 });
    reset(off, t(1, 2, 3, 1, 2));
    assert.deepEqual(off.predictTokens(), t());
});

test("a fully accepted draft doubles the next one, up to draftLength; a partly accepted one shrinks to what was accepted", () => {
    const predictor = new LookupPredictor({ enabled: true, draftLength: 6, minMatch: 2 });
    const source = Array.from({ length: 40 }, (_, i) => 100 + i);
    reset(predictor, t(...source, 7, 100, 101));
    const first = predictor.predictTokens();
    assert.deepEqual(first, t(102, 103, 104, 105));
    predictor.pushTokens(first);
    assert.equal(predictor.currentDraftLength, 6);
    const second = predictor.predictTokens();
    assert.deepEqual(second, t(106, 107, 108, 109, 110, 111));
    predictor.pushTokens(t(106, 107, 5));
    assert.equal(predictor.currentDraftLength, 3);
    assert.deepEqual(predictor.stats, { drafts: 2, drafted: 10, accepted: 6, pausedTokens: 0 });
});

test("drafts refuted at their first token twice in a row pause drafting, longer after each pause", () => {
    const predictor = new LookupPredictor({ enabled: true, draftLength: 4, minMatch: 1 });
    reset(predictor, t(1, 2, 3, 1));
    const miss = () => {
        const draft = predictor.predictTokens();
        assert.ok(draft.length > 0);
        predictor.pushTokens(t(1000 + predictor.stats.drafts));
        predictor.pushTokens(t(1));
    };
    miss();
    miss();
    let paused = 0;
    while (predictor.predictTokens().length === 0) {
        paused++;
        predictor.pushTokens(t(1));
        assert.ok(paused < 100);
    }
    assert.equal(paused, 8, "the first pause lasts 8 tokens");
    predictor.pushTokens(t(4242));
    predictor.pushTokens(t(1));
    miss();
    paused = 0;
    while (predictor.predictTokens().length === 0) {
        paused++;
        predictor.pushTokens(t(1));
        assert.ok(paused < 100);
    }
    assert.equal(paused, 16, "the next pause is twice as long");
});

test("a new generation that extends the context keeps the index; one that rewrites it starts over", () => {
    const predictor = new LookupPredictor({ enabled: true, draftLength: 4, minMatch: 2 });
    reset(predictor, t(1, 2, 3, 4));
    reset(predictor, t(1, 2, 3, 4, 8, 1, 2));
    assert.deepEqual(predictor.predictTokens(), t(3, 4, 8, 1));
    predictor.pushTokens(t(3, 4, 8, 1));
    reset(predictor, t(9, 9, 1, 2));
    assert.deepEqual(predictor.predictTokens(), t(), "the old context's tokens are gone");
});

test("acceptance is the share of drafted tokens the sequence validated", () => {
    assert.equal(acceptanceBetween({ validated: 10, refuted: 5 }, { validated: 16, refuted: 7 }), 0.75);
    assert.equal(acceptanceBetween({ validated: 3, refuted: 1 }, { validated: 3, refuted: 1 }), null);
});

test("with a text view, a copy written inside a JSON string is drafted across the file's line ends", () => {
    // A character-per-token stand-in for the model's tokenizer: the lookup only needs tokenize and
    // detokenize to agree with each other.
    const view = {
        tokenize: (text: string) => [...text].map((char) => char.codePointAt(0)!) as Token[],
        detokenize: (tokens: readonly Token[]) => String.fromCodePoint(...tokens),
    };
    const file = 'if (a) {\n\tsay("hi");\n}\n';
    const plan = '{"search":"if (a) {\\n\\tsa';
    const config = { enabled: true, draftLength: 16, minMatch: 3 };
    const quoting = new LookupPredictor(config, view);
    reset(quoting, view.tokenize(file + plan));
    assert.equal(view.detokenize(quoting.predictTokens()), 'y(\\"', "the file's text as a JSON string continues the plan");
    const plain = new LookupPredictor(config);
    reset(plain, view.tokenize(file + plan));
    assert.deepEqual(plain.predictTokens(), t(), "the plain context has no \\n\\t followed by \"sa\"");
});
