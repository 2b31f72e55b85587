// A draft the model agrees with is accepted whole. node-llama-cpp 3.22.1 checked only the first
// token of every draft (the list it compared each later token against was never filled), so a
// draft saved at most one decode step however long it was, and lookup speculation could not pay
// on any machine; patches/node-llama-cpp+3.22.1.patch fills that list. These tests drive the real
// engine with a draft that is exactly what a scripted model will generate, and count what
// node-llama-cpp validated.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { getLlama, HarmonyChatWrapper, TokenPredictor, type Llama, type LlamaContext, type LlamaModel, type Token } from "node-llama-cpp";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";

const CODE = [
    "function clampScore(value, low, high) {",
    "    if (value < low) return low;",
    "    if (value > high) return high;",
    "    return Math.round(value * 100) / 100;",
    "}",
].join("\n");
const OUTPUT = `<|channel|>final<|message|>${CODE}<|return|>`;
const DRAFT_LENGTH = 8;

/** Drafts the next tokens of a known answer: what a perfect lookup would offer. */
class KnownAnswerPredictor extends TokenPredictor {
    private generated = 0;
    drafted = 0;
    constructor(private readonly answer: readonly Token[]) { super(); }
    reset(): void { this.generated = 0; }
    pushTokens(tokens: Token[]): void { this.generated += tokens.length; }
    predictTokens(): Token[] {
        const draft = this.answer.slice(this.generated, this.generated + DRAFT_LENGTH);
        this.drafted += draft.length;
        return [...draft];
    }
}

let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;
before(async () => {
    llama = await getLlama({ gpu: false, build: "never" });
    model = await llama.loadModel({ modelPath: await createScriptedModel({ scripts: [{ trigger: "assistant", output: OUTPUT }] }) });
    context = await model.createContext({ contextSize: 2048, threads: 1, sequences: 2 });
});
after(async () => {
    await context?.dispose();
    await model?.dispose();
    await llama?.dispose();
});

async function generate(predictor?: TokenPredictor): Promise<{ tokens: Token[]; validated: number; refuted: number }> {
    const sequence = context.getSequence(predictor === undefined ? undefined : { tokenPredictor: predictor });
    const prompt = new HarmonyChatWrapper({ todayDate: new Date("2025-06-28T00:00:00Z") })
        .generateContextState({ chatHistory: [{ type: "user", text: "Write clampScore." }, { type: "model", response: [] }] })
        .contextText.tokenize(model.tokenizer);
    const tokens: Token[] = [];
    for await (const token of sequence.evaluate(prompt, { temperature: 0, yieldEogToken: true })) {
        tokens.push(token);
        if (model.isEogToken(token) || tokens.length > 200) break;
    }
    const { validated, refuted } = sequence.tokenPredictions;
    await sequence.dispose();
    return { tokens, validated, refuted };
}

describe("a draft of exactly what the model writes", () => {
    test("is accepted token for token, and the answer is the same as without drafts", async () => {
        const plain = await generate();
        assert.equal(model.detokenize(plain.tokens, true), OUTPUT);
        const predictor = new KnownAnswerPredictor(plain.tokens);
        const speculated = await generate(predictor);
        assert.deepEqual(speculated.tokens, plain.tokens);
        // Every drafted token is one the model then generates: all are validated, none refuted.
        // With the unpatched engine: one validated per draft (18 of 132 here), the rest refuted.
        assert.ok(predictor.drafted > 2 * DRAFT_LENGTH, `${predictor.drafted} drafted`);
        assert.equal(speculated.refuted, 0, `${speculated.validated} validated, ${speculated.refuted} refuted`);
        assert.equal(speculated.validated, predictor.drafted);
    });
});
