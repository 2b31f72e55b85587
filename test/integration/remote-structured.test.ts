// Structured output on a remote endpoint, against the recorded-protocol server
// (test/support/recorded-openai-server.ts): an endpoint that enforces response_format
// json_schema (vLLM), one that rejects it (the schema goes into the prompt instead, for the rest
// of the session, and the log says so), and answers that do not fit (one repair request, then
// a clear error).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { remoteConfig } from "../support/remote-config.ts";
import { errorReply, startRecordedOpenAIServer, vllmChatChunks, vllmModels, type RecordedOpenAIServer, type RecordedRequest, type Reply } from "../support/recorded-openai-server.ts";

const MODEL = "openai/gpt-oss-120b";
const Plan = z.object({ file: z.string(), steps: z.array(z.string()).min(1), risky: z.boolean() });
const ask = { messages: [{ role: "system" as const, content: "You plan edits." }, { role: "user" as const, content: "Rename x to count in a.ts" }], reasoningEffort: "low" as const };
const answer = (text: string): Reply => ({ kind: "sse", events: vllmChatChunks(MODEL, { reasoning: ["Plan it."], content: [text.slice(0, 10), text.slice(10)], usage: { prompt: 120, completion: 30 } }) });
const VALID = "{\"file\":\"a.ts\",\"steps\":[\"rename x\",\"update uses\"],\"risky\":false}";

describe("structured output on a remote endpoint", () => {
    let server: ServerHandle;
    let endpoint: RecordedOpenAIServer;
    let handler: (request: RecordedRequest) => Reply = () => ({ kind: "hang" });
    before(async () => {
        endpoint = await startRecordedOpenAIServer((request) => request.path === "/v1/models" ? vllmModels(MODEL) : handler(request));
        server = await startServer();
    });
    after(async () => {
        await server.stop();
        await endpoint.close();
    });

    function chatBodies(from: number) {
        return endpoint.requests.slice(from).filter((request) => request.path === "/v1/chat/completions").map((request) => request.body);
    }

    test("an endpoint that enforces json_schema gets the schema as response_format and its answer is used", async () => {
        await server.client.load(remoteConfig(endpoint.baseUrl));
        handler = () => answer(VALID);
        const from = endpoint.requests.length;
        const result = await server.client.structured(Plan, ask);
        assert.deepEqual(result.value, { file: "a.ts", steps: ["rename x", "update uses"], risky: false });
        assert.equal(result.usage.generatedTokens, 30);
        const [body] = chatBodies(from);
        const format = body!.response_format as { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
        assert.equal(format.type, "json_schema");
        assert.equal(format.json_schema.strict, true);
        assert.deepEqual(format.json_schema.schema.required, ["file", "steps", "risky"]);
        assert.equal(format.json_schema.schema.$schema, undefined);
        assert.deepEqual(body!.messages, [{ role: "system", content: "You plan edits." }, { role: "user", content: "Rename x to count in a.ts" }]);
    });

    test("an endpoint that rejects json_schema: the schema goes into the prompt, the log says so, later calls skip the attempt", async () => {
        await server.client.load(remoteConfig(endpoint.baseUrl));
        handler = (request) => request.body.response_format
            ? errorReply(400, "response_format of type json_schema is not supported")
            // The model wraps its JSON in a fence although told not to; the fence is taken off.
            : answer(`\`\`\`json\n${VALID}\n\`\`\``);
        const from = endpoint.requests.length;
        const result = await server.client.structured(Plan, ask);
        assert.deepEqual(result.value, { file: "a.ts", steps: ["rename x", "update uses"], risky: false });
        const bodies = chatBodies(from);
        assert.equal(bodies.length, 2);
        assert.ok(bodies[0]!.response_format);
        assert.equal(bodies[1]!.response_format, undefined);
        const system = (bodies[1]!.messages as Array<{ role: string; content: string }>)[0]!;
        assert.equal(system.role, "system");
        assert.ok(system.content.startsWith("You plan edits.\n\n# Response format"));
        assert.ok(system.content.includes("\"risky\""), "the schema itself is in the prompt");
        assert.ok(server.logs.some((line) => line.includes("rejected response_format json_schema (400") && line.includes("falling back to the schema in the prompt")), server.logs.join("\n"));

        const again = endpoint.requests.length;
        await server.client.structured(Plan, ask);
        assert.equal(chatBodies(again).length, 1, "no second try of json_schema on this endpoint");
        assert.equal(chatBodies(again)[0]!.response_format, undefined);
    });

    test("an answer that does not fit gets one repair request with what was wrong", async () => {
        await server.client.load(remoteConfig(endpoint.baseUrl));
        let calls = 0;
        handler = () => (calls++ === 0 ? answer("{\"file\":\"a.ts\",\"steps\":[],\"risky\":\"no\"}") : answer(VALID));
        const from = endpoint.requests.length;
        const result = await server.client.structured(Plan, ask);
        assert.equal(result.value.risky, false);
        const bodies = chatBodies(from);
        assert.equal(bodies.length, 2);
        const repair = bodies[1]!.messages as Array<{ role: string; content: string }>;
        assert.deepEqual(repair.at(-2), { role: "assistant", content: "{\"file\":\"a.ts\",\"steps\":[],\"risky\":\"no\"}" });
        assert.equal(repair.at(-1)!.role, "user");
        assert.match(repair.at(-1)!.content, /does not fit the schema: \$\.steps has fewer than 1 items/);
        assert.equal(result.usage.generatedTokens, 60, "usage counts both requests");
        assert.ok(server.logs.some((line) => line.includes("asking the endpoint once to repair it")));
    });

    test("still wrong after the repair: a clear error, no third request", async () => {
        await server.client.load(remoteConfig(endpoint.baseUrl));
        handler = () => answer("Sure! Here is the plan: rename x.");
        const from = endpoint.requests.length;
        await assert.rejects(server.client.structured(Plan, ask), (error: Error & { data?: { code?: string } }) => {
            assert.equal(error.data?.code, "generation-failed");
            assert.match(error.message, /still is not valid JSON .* after one repair request/);
            return true;
        });
        assert.equal(chatBodies(from).length, 2);
    });
});
