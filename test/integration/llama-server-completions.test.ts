// Inline completions from llama.cpp's own llama-server (test/support/llama-server.ts), on both
// routes our remote completion service uses (server/completion/remote-completions.ts): the raw
// harmony prompt, prefilled on the final channel, on /v1/completions (llama-server takes special
// tokens in a raw prompt), and chat completions, where the reasoning must never reach the
// ghost text.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { InlineCompletionRequest, type CompletionParams } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { llamaServerConfig, startLlamaServer, type LlamaServerHandle } from "../support/llama-server.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

const params: CompletionParams = {
    path: "src/math.ts", languageId: "typescript",
    prefix: "export function add(a: number, b: number): number {\n    return ",
    suffix: "\n}\n",
    maxLines: 1,
};
const promptTexts = [params.prefix, params.suffix, "src/math.ts", "Write only the text to insert at the cursor."];

describe("llama-server: inline completions", () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => { for (const step of cleanup.reverse()) await step(); });

    async function setUp(output: string, completionMode: "raw" | "chat"): Promise<{ llama: LlamaServerHandle; server: ServerHandle }> {
        const trigger = completionMode === "raw" ? "<|message|>" : "assistant";
        const model = await createScriptedModel({ scripts: [{ trigger, output }], promptTexts });
        const llama = await startLlamaServer({ model });
        cleanup.push(() => llama.kill());
        const server = await startServer();
        cleanup.push(() => server.stop());
        await server.client.load(llamaServerConfig(llama.baseUrl, { completionMode }));
        return { llama, server };
    }

    test("raw route: the harmony prompt on /v1/completions, the answer post-processed to the cursor's line", async () => {
        // The model runs on past the line; post-processing keeps the rest of the cursor's line only.
        const { server } = await setUp("a + b;\n}\n<|return|>", "raw");
        const result = await server.client.request(InlineCompletionRequest, params);
        assert.equal(result.text, "a + b;");
        assert.equal(result.source, "generated");
        assert.ok(result.usage.generatedTokens > 0);
        assert.ok(server.logs.some((line) => line.includes("inline completions via /completions with the raw harmony prompt")), server.logs.join("\n"));
        assert.ok(!server.logs.some((line) => line.includes("has no raw /completions")), "no fallback to chat");
    });

    test("raw route: a harmony token the server streams as text ends the suggestion and never shows", async () => {
        // llama-server renders special tokens into /v1/completions text (vLLM skips them): a model
        // that closes its message with <|end|> instead of <|return|> sends "<|end|>" as text.
        const { server } = await setUp("a + b;<|end|>", "raw");
        const result = await server.client.request(InlineCompletionRequest, params);
        assert.equal(result.text, "a + b;");
    });

    test("chat route: only the final channel reaches the ghost text", async () => {
        const { server } = await setUp("<|channel|>analysis<|message|>Sum them.<|end|><|start|>assistant<|channel|>final<|message|>a + b;<|return|>", "chat");
        const result = await server.client.request(InlineCompletionRequest, params);
        assert.equal(result.text, "a + b;");
        assert.ok(!result.text.includes("Sum"), "reasoning never reaches the editor");
        assert.ok(server.logs.some((line) => line.includes("inline completions via chat completions")), server.logs.join("\n"));
    });
});
