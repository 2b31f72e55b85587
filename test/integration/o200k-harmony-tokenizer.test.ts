// The synthetic models carry gpt-oss's real tokenizer: for every text of a corpus (code in seven
// languages, CJK, emoji, combining marks, runs of spaces and tabs, harmony conversations holding
// every special token), node-llama-cpp's token ids from a synthetic model equal the ids of the
// gpt-tokenizer package's o200k_harmony, and detokenizing gives the text back byte for byte.
// One known difference, llama.cpp's own: its "gpt-4o" pre-tokenizer (the one gpt-oss-20b's GGUF
// names) splits Indic vowel signs off their consonants, so there the ids equal the package's
// encoding of each piece of llama.cpp's split (LLAMA_CPP_SPLIT_DIFFERS says why).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { encode as referenceEncode } from "gpt-tokenizer/encoding/o200k_harmony";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { O200K_HARMONY_SPECIAL_IDS, O200K_HARMONY_VOCABULARY_SIZE, O200kHarmonyTokenizer } from "../fixtures/synthetic-model/o200k-harmony.ts";
import { preTokenize } from "../fixtures/synthetic-model/tokenizer.ts";
import { LLAMA_CPP_SPLIT_DIFFERS, TOKENIZER_CORPUS } from "./o200k-harmony-corpus.ts";

/**
 * The package's ids with special tokens parsed. gpt-tokenizer 4.0.0 only finds a special token
 * at the start of the text (its search regex is sticky), so the text is split at special-token
 * names here and each part encoded on its own: a name alone, or plain text with no specials.
 */
function packageIds(text: string): number[] {
    return text.split(/(<\|[a-z0-9_]+\|>)/).filter((part) => part !== "").flatMap((part) => (
        /^<\|[a-z0-9_]+\|>$/.test(part)
            ? referenceEncode(part, { allowedSpecial: new Set([part]) })
            : referenceEncode(part, { disallowedSpecial: new Set() })
    ));
}

let llama: Llama;
let model: LlamaModel;

before(async () => {
    llama = await getLlama({ gpu: false });
    model = await llama.loadModel({ modelPath: await createRandomModel() });
});
after(async () => {
    await model.dispose();
    await llama.dispose();
});

describe("o200k_harmony in the synthetic models", () => {
    test("the file holds 201,088 tokens with harmony's special tokens at their real ids", () => {
        assert.equal(model.fileInfo.metadata.tokenizer.ggml.tokens.length, O200K_HARMONY_VOCABULARY_SIZE);
        for (const [name, id] of Object.entries(O200K_HARMONY_SPECIAL_IDS)) {
            assert.deepEqual(model.tokenize(name, true), [id], name);
            assert.equal(model.detokenize([id as never], true), name);
        }
        assert.deepEqual(model.tokenize("<|reserved_201087|>", true), [201_087]);
        assert.equal(model.fileInfo.metadata.tokenizer.ggml.pre, "gpt-4o");
    });

    for (const [name, text] of Object.entries(TOKENIZER_CORPUS)) {
        const splitDiffers = LLAMA_CPP_SPLIT_DIFFERS.has(name);
        test(`${name}: node-llama-cpp's ids equal the npm package's${splitDiffers ? " piece by piece of llama.cpp's split" : ""}, and detokenize returns the text`, () => {
            const actual = model.tokenize(text, true);
            // Each piece of llama.cpp's pre-tokenizer split, encoded by the package: the same
            // vocabulary and merges whatever the split.
            const byPiece = text.split(/(<\|[a-z0-9_]+\|>)/).filter((part) => part !== "").flatMap((part) => (
                /^<\|[a-z0-9_]+\|>$/.test(part) ? packageIds(part) : preTokenize(part).flatMap((piece) => packageIds(piece))
            ));
            assert.deepEqual([...actual], byPiece, "every piece is encoded as the package encodes it");
            const expected = splitDiffers ? byPiece : packageIds(text);
            if (splitDiffers) assert.notDeepEqual(packageIds(text), byPiece, "llama.cpp's gpt-4o split still differs from tiktoken's here (see LLAMA_CPP_SPLIT_DIFFERS); if this fails, llama.cpp now splits as tiktoken does: move the text to the plain corpus");
            else assert.deepEqual([...actual], expected, "the same ids as the package for the whole text");
            assert.equal(Buffer.compare(Buffer.from(model.detokenize(actual, true), "utf8"), Buffer.from(text, "utf8")), 0, "byte for byte");
            assert.deepEqual(new O200kHarmonyTokenizer().encode(text), expected, "the generator's own prediction agrees");
        });
    }
});
