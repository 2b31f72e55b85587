// How the remote backend fails, against the recorded-protocol server
// (test/support/recorded-openai-server.ts): each failure a user can meet gets a clear message
// and the right code; retries happen only where nothing has been shown yet and stay bounded;
// cancelling closes the HTTP connection; the API key never reaches the server's log.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { RequestCancelledError } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { remoteConfig } from "../support/remote-config.ts";
import { errorReply, startRecordedOpenAIServer, vllmChatChunks, vllmModels, type RecordedOpenAIServer, type Reply } from "../support/recorded-openai-server.ts";

const MODEL = "openai/gpt-oss-120b";
const API_KEY = "sk-test-9f8e7d6c5b4a39281706";
const ok = (): Reply => ({ kind: "sse", events: vllmChatChunks(MODEL, { reasoning: ["Fine."], content: ["All good."] }) });
const ask = { messages: [{ role: "user" as const, content: "Hello?" }], reasoningEffort: "low" as const };

function engineCode(error: unknown): string | undefined {
    return (error as { data?: { code?: string } }).data?.code;
}

describe("remote backend failures", () => {
    let server: ServerHandle;
    let endpoint: RecordedOpenAIServer;
    let replies: Reply[] = [];
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models" ? vllmModels(MODEL) : (replies.shift() ?? ok()));
        server = await startServer();
        await server.client.load(remoteConfig(endpoint.baseUrl, { apiKey: API_KEY, timeoutSeconds: 1 }));
    });
    after(async () => {
        await server.stop();
        await endpoint.close();
    });

    function chatRequests(): number {
        return endpoint.requests.filter((request) => request.path === "/v1/chat/completions").length;
    }

    async function failure(script: Reply[]): Promise<{ error: Error & { data?: { code?: string } }; requests: number; ms: number }> {
        replies = [...script];
        const before = chatRequests();
        const started = performance.now();
        const error = await server.client.chatTurn(ask, () => undefined).then(() => assert.fail("expected the turn to fail"), (caught: unknown) => caught as Error);
        return { error, requests: chatRequests() - before, ms: performance.now() - started };
    }

    test("the key goes to the endpoint as a bearer token", async () => {
        replies = [];
        await server.client.chatTurn(ask, () => undefined);
        assert.equal(endpoint.requests.at(-1)!.headers.authorization, `Bearer ${API_KEY}`);
    });

    test("401: the key was refused, no retry, and the message says how to replace it", async () => {
        const { error, requests } = await failure([errorReply(401, "Invalid API key")]);
        assert.equal(engineCode(error), "unauthorized");
        assert.match(error.message, /refused the API key \(401: Invalid API key\)\. Run "gpt-oss: Set API Key"/);
        assert.equal(requests, 1);
    });

    test("403: access denied names the model", async () => {
        const { error, requests } = await failure([errorReply(403, "Model access denied")]);
        assert.equal(engineCode(error), "unauthorized");
        assert.match(error.message, /denied access to openai\/gpt-oss-120b \(403/);
        assert.equal(requests, 1);
    });

    test("429 with a short Retry-After: waits as asked, then succeeds", async () => {
        replies = [errorReply(429, "Too many requests", { "Retry-After": "1" })];
        const before = chatRequests();
        const started = performance.now();
        const result = await server.client.chatTurn(ask, () => undefined);
        assert.equal(result.text, "All good.");
        assert.equal(chatRequests() - before, 2);
        assert.ok(performance.now() - started >= 950, "waited for Retry-After");
        assert.ok(server.logs.some((line) => /answered 429; retrying in 1\.0 s \(retry 1 of 2\)/.test(line)), server.logs.join("\n"));
    });

    test("429 with a long Retry-After: fails at once with the wait", async () => {
        const { error, requests, ms } = await failure([errorReply(429, "Rate limit reached", { "Retry-After": "120" })]);
        assert.equal(engineCode(error), "rate-limited");
        assert.match(error.message, /rate limiting requests \(429: Rate limit reached\); it asks to wait 120 s/);
        assert.equal(requests, 1);
        // Not a speed bound: waiting out the 120 s asked would take at least 120 s.
        assert.ok(ms < 60_000, `took ${ms} ms: it waited for the Retry-After`);
    });

    test("5xx: retried twice with backoff, then a clear error", async () => {
        const recovered = await (async () => {
            replies = [errorReply(503, "Service Unavailable"), errorReply(502, "Bad Gateway")];
            const before = chatRequests();
            const result = await server.client.chatTurn(ask, () => undefined);
            return { text: result.text, requests: chatRequests() - before };
        })();
        assert.deepEqual(recovered, { text: "All good.", requests: 3 });

        const { error, requests } = await failure([errorReply(500, "CUDA error: an illegal memory access"), errorReply(500, "x"), errorReply(500, "CUDA error: an illegal memory access")]);
        assert.equal(engineCode(error), "remote-error");
        assert.match(error.message, /failed with 500: CUDA error: an illegal memory access/);
        assert.equal(requests, 3);
    });

    test("no answer within the timeout: a timeout error naming the setting, not retried", async () => {
        const { error, requests } = await failure([{ kind: "hang" }]);
        assert.equal(engineCode(error), "timeout");
        assert.match(error.message, /did not answer within 1 s \(gptOss\.remote\.timeoutSeconds\)/);
        assert.equal(requests, 1, "a request that timed out is not retried");
    });

    test("a stream that goes silent mid-answer times out", async () => {
        const events = vllmChatChunks(MODEL, { content: ["Partial"] }).slice(0, 2);
        const { error } = await failure([{ kind: "sse", events, then: "stall" }]);
        assert.equal(engineCode(error), "timeout");
        assert.match(error.message, /stopped sending for 1 s in the middle of an answer/);
    });

    test("a stream that ends without a finish reason is reported as cut off and not repeated", async () => {
        const events = vllmChatChunks(MODEL, { reasoning: ["Thinking"], content: ["Half an ans"] }).slice(0, 3);
        const streamed: string[] = [];
        replies = [{ kind: "sse", events, then: "end" }];
        const before = chatRequests();
        const error = await server.client.chatTurn(ask, (_channel, text) => streamed.push(text)).then(() => assert.fail("expected failure"), (caught: Error) => caught);
        assert.equal(engineCode(error), "remote-error");
        assert.match(error.message, /ended the stream before the answer was complete; 11 characters of answer and 8 of reasoning had arrived/);
        assert.equal(chatRequests() - before, 1, "what was already shown is not generated again");
        assert.deepEqual(streamed, ["Thinking", "Half an ans"]);
    });

    test("a connection dropped mid-stream is reported as cut off", async () => {
        const events = vllmChatChunks(MODEL, { content: ["Some", " text"] }).slice(0, 3);
        const { error, requests } = await failure([{ kind: "sse", events, delayMs: 20, then: "destroy" }]);
        assert.equal(engineCode(error), "remote-error");
        assert.match(error.message, /ended the stream before the answer was complete/);
        assert.equal(requests, 1);
    });

    test("cancelling a turn closes the HTTP connection", async () => {
        replies = [{
            kind: "endless", intervalMs: 20,
            event: (index) => vllmChatChunks(MODEL, { content: [`tick ${index} `] })[1],
        }];
        const abort = new AbortController();
        let received = 0;
        const turn = server.client.chatTurn(ask, () => {
            received += 1;
            if (received === 3) abort.abort();
        }, abort.signal);
        await assert.rejects(turn, RequestCancelledError);
        const request = endpoint.requests.at(-1)!;
        await Promise.race([request.closed, new Promise((_, reject) => setTimeout(() => reject(new Error("the connection stayed open")), 3000))]);
        assert.equal(request.closedEarly, true, "the endpoint saw the client go away mid-stream");
    });

    test("the API key never appears in the server's log", () => {
        assert.ok(server.logs.length > 5, "the failures above were logged");
        const leaked = server.logs.filter((line) => line.includes(API_KEY) || line.includes(API_KEY.slice(3, 15)));
        assert.deepEqual(leaked, []);
    });
});

describe("remote backend that cannot be reached", () => {
    test("connection refused: a clear message and an error status", async () => {
        // A port that was just free: nothing listens there now.
        const probe = http.createServer();
        await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
        const { port } = probe.address() as AddressInfo;
        await new Promise<void>((resolve) => probe.close(() => resolve()));
        const server = await startServer();
        try {
            const error = await server.client.load(remoteConfig(`http://127.0.0.1:${port}/v1`, { apiKey: API_KEY })).then(() => assert.fail("expected failure"), (caught: Error) => caught);
            assert.equal(engineCode(error), "unreachable");
            assert.match(error.message, new RegExp(`Cannot reach the endpoint http://127\\.0\\.0\\.1:${port}/v1: connection refused \\(ECONNREFUSED\\)`));
            const status = await server.client.status();
            assert.equal(status.state, "error");
            assert.equal(status.backend, "remote");
            assert.ok(server.logs.some((line) => line.includes("the connection failed; retrying")), "connection failures are retried (bounded)");
            assert.ok(!server.logs.some((line) => line.includes(API_KEY)));
        } finally {
            await server.stop();
        }
    });
});
