// Which prompt order a fill-in-the-middle model gets, from its GGUF's name and architecture: a
// model infills well only in an order its family was trained on (sources in infill-layout.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { infillFamily } from "../../server/engine/infill-layout.ts";

const family = (name: string, architecture = "llama", basename: string | null = null, hasMiddle = true) =>
    infillFamily({ name, basename, architecture }, hasMiddle);

test("Code Llama gets suffix first (SPM), whichever way its GGUF spells the name", () => {
    for (const name of ["CodeLlama 7B", "codellama-13b", "Code Llama 7b hf"]) {
        assert.deepEqual(family(name), { family: "Code Llama", layout: "suffix-prefix-middle" }, name);
    }
    assert.deepEqual(family("models", "llama", "CodeLlama"), { family: "Code Llama", layout: "suffix-prefix-middle" });
});

test("families trained on prefix first only keep PSM", () => {
    assert.deepEqual(family("Qwen2.5 Coder 1.5B", "qwen2", "Qwen2.5-Coder"), { family: "Qwen2.5-Coder", layout: "prefix-suffix-middle" });
    assert.deepEqual(family("deepseek-coder-6.7b-base"), { family: "DeepSeek-Coder", layout: "prefix-suffix-middle" });
    assert.deepEqual(family("models", "starcoder2"), { family: "StarCoder2", layout: "prefix-suffix-middle" });
    assert.deepEqual(family("codegemma-2b", "gemma"), { family: "CodeGemma", layout: "prefix-suffix-middle" });
});

test("Codestral: suffix then prefix, even if the GGUF declares a middle token", () => {
    assert.deepEqual(family("Codestral 22B v0.1"), { family: "Codestral", layout: "suffix-then-prefix" });
});

test("an unknown model: PSM when it has a middle token, else suffix then prefix", () => {
    assert.deepEqual(family("my coder"), { family: "other", layout: "prefix-suffix-middle" });
    assert.deepEqual(family("my coder", "llama", null, false), { family: "other", layout: "suffix-then-prefix" });
    // Code Llama's SPM puts the middle token between suffix and prefix: without one it cannot be used.
    assert.deepEqual(family("CodeLlama 7B", "llama", null, false), { family: "Code Llama", layout: "suffix-then-prefix" });
});
