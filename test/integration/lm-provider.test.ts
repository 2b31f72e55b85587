// The language-model provider's request path against the real server and a scripted synthetic
// gpt-oss, with VS Code's part classes stood in: the same three-step conversation the e2e case
// has in code-server (test/e2e-companion/language-model-script.js). Exact text back, the tool
// call as a ToolCallPart, the answer once the result goes back, token counts from the model's
// own tokenizer, and the sandbox running the call's code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { getLlama } from "node-llama-cpp";
import { countTokens as countO200kHarmony } from "gpt-tokenizer/encoding/o200k_harmony";
import { CountTokensRequest, SandboxConfigureRequest, SandboxRunRequest } from "../../protocol/index.ts";
import { respond, type ResponsePart, type ResponseRequest } from "../../extension/lm/chat-response.ts";
import { ReasoningMemory } from "../../extension/lm/reasoning-memory.ts";
import { resultText } from "../../extension/lm/sandbox-tool-text.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { REPO_ROOT, startServer, testConfig, type ServerHandle } from "../support/server-process.ts";
import { assistant, PARTS, TextPart, ToolCallPart, ToolResultPart, user } from "../unit/lm-parts.ts";

interface Script {
    HELLO_PROMPT: string; HELLO: string; RUN_PROMPT: string; TOOL_NAME: string; INPUT: { language: string; code: string }; ANSWER: string;
    SCRIPTS: Array<{ trigger: string; output: string; follows?: boolean }>;
    promptTexts(tool: ToolContribution): string[];
}
interface ToolContribution { name: string; modelDescription: string; inputSchema: object }

const script = createRequire(import.meta.url)("../e2e-companion/language-model-script.js") as Script;
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { contributes: { languageModelTools: ToolContribution[] } };
const toolContribution = manifest.contributes.languageModelTools.find((tool) => tool.name === script.TOOL_NAME)!;
/** The tool as vscode.lm.tools lists it to a caller, who passes it on in sendRequest. */
const RUN_CODE = { name: toolContribution.name, description: toolContribution.modelDescription, inputSchema: toolContribution.inputSchema };

describe("the language-model provider on a scripted gpt-oss", () => {
    let server: ServerHandle;
    let modelPath: string;
    const memory = new ReasoningMemory();

    async function send(request: Partial<ResponseRequest>): Promise<ResponsePart[]> {
        const parts: ResponsePart[] = [];
        await respond(server.client, { messages: [], tools: [], toolRequired: false, reasoningEffort: "low", ...request }, PARTS, memory, (part) => parts.push(part), new AbortController().signal);
        return parts;
    }
    const textOf = (parts: ResponsePart[]) => parts.filter((part) => part instanceof TextPart).map((part) => (part as TextPart).value).join("");

    before(async () => {
        modelPath = await createScriptedModel({ scripts: script.SCRIPTS, promptTexts: script.promptTexts(toolContribution) });
        server = await startServer();
    });
    after(() => server?.stop());

    test("before a model is loaded, a count is gpt-oss's tokenizer's estimate and says so", async () => {
        assert.deepEqual(await server.client.request(CountTokensRequest, { text: "abcdefgh" }), { tokens: countO200kHarmony("abcdefgh"), exact: false });
    });

    test("a request gets exactly the scripted text, streamed as text parts", async () => {
        assert.equal((await server.client.load(testConfig(modelPath))).state, "ready");
        const parts = await send({ messages: [user(new TextPart(script.HELLO_PROMPT))] });
        assert.ok(parts.length > 1, "streamed in more than one part");
        assert.ok(parts.every((part) => part instanceof TextPart));
        assert.equal(textOf(parts), script.HELLO);
    });

    let call: ToolCallPart;
    test("the next request makes the model call the sandbox tool: a ToolCallPart with the scripted input", async () => {
        const parts = await send({
            messages: [user(new TextPart(script.HELLO_PROMPT)), assistant(new TextPart(script.HELLO)), user(new TextPart(script.RUN_PROMPT))],
            tools: [RUN_CODE],
        });
        assert.equal(textOf(parts), "", "no answer text before the call");
        const calls = parts.filter((part): part is ToolCallPart => part instanceof ToolCallPart);
        assert.equal(calls.length, 1);
        call = calls[0]!;
        assert.equal(call.name, script.TOOL_NAME);
        assert.deepEqual(call.input, script.INPUT);
        assert.match(call.callId, /^call_/);
    });

    test("the sandbox runs the call's code, and with its result the model answers", async () => {
        await server.client.request(SandboxConfigureRequest, { mode: "sandbox", ifUnavailable: "disable", workspaceTrusted: true });
        const run = await server.client.request(SandboxRunRequest, call.input as { language: "python"; code: string });
        assert.equal(run.stdout, "42\n");
        const parts = await send({
            messages: [
                user(new TextPart(script.HELLO_PROMPT)), assistant(new TextPart(script.HELLO)), user(new TextPart(script.RUN_PROMPT)),
                assistant(call), user(new ToolResultPart(call.callId, [new TextPart(resultText(run))])),
            ],
            tools: [RUN_CODE],
        });
        assert.equal(textOf(parts), script.ANSWER);
    });

    test("token counts come from the loaded model's tokenizer, which is gpt-oss's", async () => {
        const llama = await getLlama({ gpu: false });
        const vocabulary = await llama.loadModel({ modelPath, vocabOnly: true });
        try {
            for (const text of [script.HELLO, "zqxj vwkp", "print(6*7)\n<|start|>"]) {
                const counted = await server.client.request(CountTokensRequest, { text });
                assert.deepEqual(counted, { tokens: vocabulary.tokenize(text, false).length, exact: true }, text);
                // llama.cpp turns <|start|>, <|channel|>, <|message|> and <|constrain|> into their
                // tokens even in plain text (llama-vocab.cpp's gpt-oss rule), as with gpt-oss-20b.
                if (!text.includes("<|")) assert.equal(counted.tokens, countO200kHarmony(text), `the npm package's o200k_harmony count of ${JSON.stringify(text)}`);
            }
            const odd = await server.client.request(CountTokensRequest, { text: "zqxj vwkp" });
            assert.notEqual(odd.tokens, Math.ceil("zqxj vwkp".length / 4));
        } finally {
            await vocabulary.dispose();
        }
    });
});

describe("a caller cancelling a request", () => {
    let server: ServerHandle;
    before(async () => {
        // Says " tick tock" forever: only cancellation ends this generation.
        const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock" });
        server = await startServer();
        await server.client.load(testConfig(model));
    });
    after(() => server?.stop());

    test("stops the generation in the server: the request ends, and the next one is answered", async () => {
        const abort = new AbortController();
        const parts: ResponsePart[] = [];
        const result = await respond(server.client, { messages: [user(new TextPart("Count"))], tools: [], toolRequired: false, reasoningEffort: "low" }, PARTS, new ReasoningMemory(), (part) => {
            parts.push(part);
            if (parts.length === 5) abort.abort();
        }, abort.signal);
        assert.equal(result, null, "a cancelled request ends quietly");
        assert.ok(parts.length >= 5);

        // The engine runs one chat turn at a time: an endless turn still running would hold this one forever.
        const next = await server.client.chatTurn({ messages: [{ role: "user", content: "Again" }], reasoningEffort: "low", maxTokens: 8 }, () => undefined);
        assert.equal(next.stopReason, "max-tokens");
    });
});
