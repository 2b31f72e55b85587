// Inline completions from a fill-in-the-middle code model loaded beside gpt-oss
// (gptOss.completions.fimModelPath), through the real server and engine. Both models are scripted
// synthetic GGUFs: gpt-oss answers its completion prompt (which ends in <|message|>) with one
// text, the FIM model answers an infill prompt (which ends in its middle token) with another, so
// the ghost text tells which model wrote it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { InlineCompletionRequest, type CompletionParams, type EngineStatus } from "../../protocol/index.ts";
import { createRandomModel, createScriptedModel, FIM_TOKENS } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

const PREFIX = "export function shout(name: string): string {\n    return name.";
const SUFFIX = "\n}\n";
const BASE: CompletionParams = { path: "src/shout.ts", languageId: "typescript", prefix: PREFIX, suffix: SUFFIX };
const FIM_NAME = "synthetic FIM coder";

const gptOssModel = () => createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "fromGptOss();<|return|>" }] });
// The FIM model also closes the function; the file already has that "}", so it must not be shown.
const fimModel = () => createScriptedModel({
    name: FIM_NAME, fillInTheMiddle: true, scripts: [{ trigger: FIM_TOKENS.middle, output: "toUpperCase();\n}<|endoftext|>" }],
});

describe("completion: a fill-in-the-middle model beside gpt-oss", () => {
    let server: ServerHandle;
    let gptOss: string;
    let status: EngineStatus;
    before(async () => {
        gptOss = await gptOssModel();
        server = await startServer();
        status = await server.client.load(testConfig(gptOss, { completionModelPath: await fimModel() }));
    });
    after(() => server.stop());

    test("the status names the FIM model and the ghost text is its answer, after post-processing", async () => {
        assert.deepEqual([status.state, status.completionModelName, status.notice], ["ready", FIM_NAME, null]);
        const result = await server.client.request(InlineCompletionRequest, BASE);
        assert.deepEqual([result.text, result.source], ["toUpperCase();", "generated"]);
    });

    test("a keystroke evaluates only the changed end of the prefix and what follows it", async () => {
        // A long file (~20,000 characters before the cursor): the prompt keeps a window of it whose
        // start stays put while typing, so the KV cache holds up to the cursor. The window is far
        // longer than the synthetic model's 128-token sliding window, as in a real file.
        const longPrefix = `${Array.from({ length: 900 }, (_, i) => `const value${i} = ${i};\n`).join("")}${PREFIX}`;
        const first = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: longPrefix });
        assert.ok(first.usage.promptTokens > 1000, `prompt of ${first.usage.promptTokens} tokens`);
        const next = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: `${longPrefix}x` });
        assert.deepEqual([next.text, next.source], ["toUpperCase();", "generated"]);
        // Reused: everything before the typed "x". Evaluated: "x", the suffix's few tokens and the FIM tokens after the prefix.
        const { evaluatedTokens, promptTokens } = next.usage;
        assert.ok(evaluatedTokens <= 8 && evaluatedTokens < promptTokens / 4, `evaluated ${evaluatedTokens} of ${promptTokens}`);
    });

    test("loading without the FIM model brings completions back to gpt-oss", async () => {
        const reloaded = await server.client.load(testConfig(gptOss));
        assert.equal(reloaded.completionModelName ?? null, null);
        const result = await server.client.request(InlineCompletionRequest, BASE);
        assert.deepEqual([result.text, result.source], ["fromGptOss();", "generated"]);
    });
});

describe("completion: a FIM model that cannot be used leaves gpt-oss ready and says why", () => {
    let server: ServerHandle;
    let gptOss: string;
    before(async () => {
        gptOss = await gptOssModel();
        server = await startServer();
    });
    after(() => server.stop());

    test("a GGUF without fill-in-the-middle tokens: ready on gpt-oss, with a notice naming the file", async () => {
        const noFim = await createRandomModel({ name: "no fim here" });
        const status = await server.client.load(testConfig(gptOss, { completionModelPath: noFim }));
        assert.equal(status.state, "ready");
        assert.equal(status.completionModelName, null);
        assert.match(status.notice ?? "", /^Inline completions use gpt-oss: .+\.gguf has no fill-in-the-middle tokens/);
        const result = await server.client.request(InlineCompletionRequest, BASE);
        assert.equal(result.text, "fromGptOss();");
    });

    test("a missing file: ready on gpt-oss, with a notice naming the setting", async () => {
        const status = await server.client.load(testConfig(gptOss, { completionModelPath: "/nonexistent/coder.gguf" }));
        assert.equal(status.state, "ready");
        assert.match(status.notice ?? "", /Model file not found: \/nonexistent\/coder\.gguf\. Check gptOss\.completions\.fimModelPath/);
    });
});
