// Token counts for VS Code's language-model API (gptoss/countTokens) when no GGUF is loaded in the
// server: a remote endpoint serving gpt-oss is counted with gpt-oss's real tokenizer and says the
// count is exact; before any model is loaded the count is o200k_harmony's too, marked as an
// estimate; a remote model that is not gpt-oss gets the 4-characters estimate. Counts are checked
// against the gpt-tokenizer package's o200k_harmony, over code, unicode and harmony-looking text.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { countTokens as packageCount } from "gpt-tokenizer/encoding/o200k_harmony";
import { CountTokensRequest } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { remoteConfig } from "../support/remote-config.ts";
import { startRecordedOpenAIServer, vllmModels, type RecordedOpenAIServer } from "../support/recorded-openai-server.ts";
import { TOKENIZER_CORPUS } from "./o200k-harmony-corpus.ts";

const TEXTS = [...Object.values(TOKENIZER_CORPUS), "abcdefgh", "zqxj vwkp"];
/** Harmony's names in a caller's text are plain text to the model: counted as the characters they are. */
const expected = (text: string) => packageCount(text, { disallowedSpecial: new Set() });

describe("token counts without a loaded GGUF", () => {
    let server: ServerHandle;
    let endpoint: RecordedOpenAIServer;
    let served = "openai/gpt-oss-120b";
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => (request.path === "/v1/models" ? vllmModels(served) : { kind: "hang" }));
        server = await startServer();
    });
    after(async () => {
        await server?.stop();
        await endpoint?.close();
    });

    test("before any model is loaded: gpt-oss's tokenizer, flagged as an estimate", async () => {
        for (const text of TEXTS) {
            assert.deepEqual(await server.client.request(CountTokensRequest, { text }), { tokens: expected(text), exact: false }, text);
        }
    });

    test("a remote gpt-oss: counted with o200k_harmony, exact, and far from 4 characters a token on code and CJK", async () => {
        assert.equal((await server.client.load(remoteConfig(endpoint.baseUrl, { model: served }))).state, "ready");
        for (const text of TEXTS) {
            assert.deepEqual(await server.client.request(CountTokensRequest, { text }), { tokens: expected(text), exact: true }, text);
        }
        const cjk = TOKENIZER_CORPUS.CJK!;
        assert.notEqual((await server.client.request(CountTokensRequest, { text: cjk })).tokens, Math.ceil(cjk.length / 4));
    });

    test("a remote model that is not gpt-oss: the 4-characters estimate, flagged as one", async () => {
        served = "meta-llama/Llama-3.1-8B-Instruct";
        assert.equal((await server.client.load(remoteConfig(endpoint.baseUrl, { model: served }))).state, "ready");
        const text = TOKENIZER_CORPUS.Python!;
        assert.deepEqual(await server.client.request(CountTokensRequest, { text }), { tokens: Math.ceil(text.length / 4), exact: false });
    });
});
