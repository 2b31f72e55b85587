// Inline completions through a remote endpoint, against the recorded-protocol server
// (test/support/recorded-openai-server.ts): vLLM gets the raw harmony prompt prefilled on the
// final channel at /v1/completions; Ollama (which templates /v1/completions) and endpoints that
// refuse raw prompts go through chat completions, and the log says which path is used.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { CompletionParams } from "../../protocol/index.ts";
import { CompletionStatsRequest, InlineCompletionRequest } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { remoteConfig } from "../support/remote-config.ts";
import {
    errorReply, ollamaChatChunks, ollamaModels, startRecordedOpenAIServer, vllmChatChunks, vllmCompletionChunks, vllmModels, type RecordedOpenAIServer,
} from "../support/recorded-openai-server.ts";

const params: CompletionParams = {
    path: "src/math.ts", languageId: "typescript",
    prefix: "export function add(a: number, b: number): number {\n    return ",
    suffix: "\n}\n",
    maxLines: 1,
};

describe("remote inline completions", () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => { for (const step of cleanup.reverse()) await step(); });

    async function setUp(endpoint: RecordedOpenAIServer, model: string): Promise<ServerHandle> {
        const server = await startServer();
        cleanup.push(() => endpoint.close(), () => server.stop());
        await server.client.load(remoteConfig(endpoint.baseUrl, { model }));
        return server;
    }

    test("vLLM: the raw harmony prompt goes to /v1/completions and the answer is post-processed", async () => {
        const endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models"
            ? vllmModels("openai/gpt-oss-20b")
            // The model runs on past the line; post-processing keeps the rest of the cursor's line only.
            : { kind: "sse", events: vllmCompletionChunks("openai/gpt-oss-20b", ["a + b", ";\n", "}\n"], { prompt: 310, completion: 5 }) });
        const server = await setUp(endpoint, "openai/gpt-oss-20b");
        const result = await server.client.request(InlineCompletionRequest, params);
        assert.equal(result.text, "a + b;");
        assert.equal(result.source, "generated");
        const request = endpoint.requests.at(-1)!;
        assert.equal(request.path, "/v1/completions");
        const prompt = request.body.prompt as string;
        assert.ok(prompt.startsWith("<|start|>system<|message|>You are ChatGPT"), prompt.slice(0, 80));
        assert.ok(prompt.endsWith("    return <|end|><|start|>assistant<|channel|>final<|message|>"), prompt.slice(-120));
        assert.ok(prompt.includes("# Current file: src/math.ts (typescript)"));
        assert.equal(request.body.temperature, 0);
        assert.ok(server.logs.some((line) => line.includes("inline completions via /completions with the raw harmony prompt")));

        // Asking again at the same place is answered from the cache, without a request.
        const before = endpoint.requests.length;
        const cached = await server.client.request(InlineCompletionRequest, params);
        assert.deepEqual([cached.source, cached.text, endpoint.requests.length], ["cache", "a + b;", before]);
        const stats = await server.client.request(CompletionStatsRequest, {});
        assert.equal(stats.requests, 2);
        assert.equal(stats.cacheHits, 1);
    });

    test("Ollama: chat completions, reasoning never reaches the ghost text, code fences are taken off", async () => {
        const endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models"
            ? ollamaModels("gpt-oss:20b")
            : { kind: "sse", events: ollamaChatChunks("gpt-oss:20b", { reasoning: ["Sum a and b: a + b"], content: ["```ts\n", "a + b;", "\n```"] }) });
        const server = await setUp(endpoint, "gpt-oss:20b");
        assert.ok(server.logs.some((line) => line.includes("inline completions via chat completions (Ollama applies its chat template")), server.logs.join("\n"));
        const result = await server.client.request(InlineCompletionRequest, params);
        assert.equal(result.text, "a + b;");
        const request = endpoint.requests.at(-1)!;
        assert.equal(request.path, "/v1/chat/completions");
        assert.equal(request.body.reasoning_effort, "low");
        const [system] = request.body.messages as Array<{ role: string; content: string }>;
        assert.ok(system!.content.endsWith("## Code before the cursor\nexport function add(a: number, b: number): number {\n    return "));
    });

    test("an endpoint without raw completions: falls back to chat once, says so, and stays there", async () => {
        const endpoint = await startRecordedOpenAIServer((request) => {
            if (request.path === "/v1/models") return vllmModels("gpt-oss-120b");
            if (request.path === "/v1/completions") return errorReply(404, "Not Found");
            return { kind: "sse", events: vllmChatChunks("gpt-oss-120b", { reasoning: ["Add."], content: ["a + b;"] }) };
        });
        const server = await setUp(endpoint, "gpt-oss-120b");
        const first = await server.client.request(InlineCompletionRequest, params);
        assert.equal(first.text, "a + b;");
        assert.deepEqual(endpoint.requests.slice(1).map((request) => request.path), ["/v1/completions", "/v1/chat/completions"]);
        assert.ok(server.logs.some((line) => line.includes("has no raw /completions (404); using chat completions from now on")), server.logs.join("\n"));
        await server.client.request(InlineCompletionRequest, { ...params, prefix: `${params.prefix}a` });
        assert.equal(endpoint.requests.at(-1)!.path, "/v1/chat/completions");
        assert.equal(endpoint.requests.filter((request) => request.path === "/v1/completions").length, 1);
    });
});
