// The fill-in-the-middle prompt's order, chosen from the FIM model's GGUF metadata, through the
// real server and engine: a model declared as Code Llama (trained on suffix-first infill too) gets
// its suffix first, so typing a character re-evaluates only the prefix's new end, while a model of
// a family trained on prefix-first only gets PSM and re-evaluates the code after the cursor on
// every keystroke. Both are scripted synthetic GGUFs with FIM tokens; only their names differ.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { InlineCompletionRequest, type CompletionParams } from "../../protocol/index.ts";
import { createScriptedModel, FIM_TOKENS } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const PREFIX = `${Array.from({ length: 60 }, (_, i) => `const before${i} = ${i};\n`).join("")}export function shout(name: string): string {\n    return name.`;
// 30 lines after the cursor, well inside the prompt's suffix window (40 lines).
const SUFFIX = `\n}\n${Array.from({ length: 30 }, (_, i) => `export const after${i} = "${"x".repeat(i)}";`).join("\n")}\n`;
const BASE: CompletionParams = { path: "src/shout.ts", languageId: "typescript", prefix: PREFIX, suffix: SUFFIX };

const gptOssModel = () => createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "fromGptOss();<|return|>" }] });
const fimModel = (name: string) => createScriptedModel({
    name, fillInTheMiddle: true, scripts: [{ trigger: FIM_TOKENS.middle, output: "toUpperCase();<|endoftext|>" }],
});

/** Types "len" (not what the model suggested) one character at a time after a first request; returns each keystroke's evaluated tokens. */
async function typeAlong(server: ServerHandle): Promise<{ evaluated: number[]; promptTokens: number }> {
    const first = await server.client.request(InlineCompletionRequest, BASE);
    const evaluated: number[] = [];
    for (const typed of ["l", "le", "len"]) {
        const answer = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: PREFIX + typed });
        assert.equal(answer.source, "generated");
        evaluated.push(answer.usage.evaluatedTokens);
    }
    return { evaluated, promptTokens: first.usage.promptTokens };
}

describe("completion: the FIM prompt's layout follows the model family", () => {
    let server: ServerHandle;
    let gptOss: string;
    before(async () => {
        gptOss = await gptOssModel();
        server = await startServer();
    });
    after(() => server.stop());

    test("a family trained on prefix first only (PSM): each keystroke re-evaluates the suffix", async () => {
        const status = await server.client.load(testConfig(gptOss, { completionModelPath: await fimModel("synthetic Qwen2.5-Coder FIM") }));
        assert.equal(status.completionModelName, "synthetic Qwen2.5-Coder FIM");
        // The prompt ends in the middle token, so the scripted model answers.
        assert.equal((await server.client.request(InlineCompletionRequest, BASE)).text, "toUpperCase();");
        const { evaluated } = await typeAlong(server);
        // The suffix (30 lines, a few hundred tokens) follows the typed character in the prompt.
        for (const count of evaluated) assert.ok(count > 150, `PSM keystroke evaluated ${count} tokens`);
    });

    test("Code Llama (trained on suffix first too): each keystroke evaluates only the typed tokens", async () => {
        const status = await server.client.load(testConfig(gptOss, { completionModelPath: await fimModel("synthetic CodeLlama FIM") }));
        assert.equal(status.completionModelName, "synthetic CodeLlama FIM");
        const { evaluated, promptTokens } = await typeAlong(server);
        assert.ok(promptTokens > 500, `prompt of ${promptTokens} tokens`);
        // One typed character is a token or two, re-tokenized with the word it extends.
        for (const count of evaluated) assert.ok(count >= 1 && count <= 3, `suffix-first keystroke evaluated ${count} tokens`);
    });
});
