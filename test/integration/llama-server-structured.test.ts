// A structured edit plan from llama.cpp's own llama-server (test/support/llama-server.ts): our
// remote backend sends the plan's schema as response_format json_schema, llama-server turns it
// into a grammar on gpt-oss's final channel, and the answer must pass our own zod schema
// (EditPlan, protocol/agent.ts) with no repair request.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { EditPlan } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { llamaServerConfig, startLlamaServer, type LlamaServerHandle } from "../support/llama-server.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

const PLAN = { summary: "Add a greeting module.", files: [{ action: "write", path: "hello.ts", content: "export const hello = 1;" }] };
const SYSTEM_TEXT = "You plan edits to the workspace.";
const USER_TEXT = "Create hello.ts exporting hello.";

describe("llama-server: a structured edit plan through response_format json_schema", () => {
    let llama: LlamaServerHandle;
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: `<|channel|>analysis<|message|>One new file.<|end|><|start|>assistant<|channel|>final<|message|>${JSON.stringify(PLAN)}<|return|>` }],
            promptTexts: [SYSTEM_TEXT, USER_TEXT],
        });
        llama = await startLlamaServer({ model });
        server = await startServer();
        await server.client.load(llamaServerConfig(llama.baseUrl));
    });
    after(async () => {
        await server.stop();
        await llama.kill();
    });

    test("the server enforces the schema and the plan passes our zod schema first time", async () => {
        const result = await server.client.structured(EditPlan, {
            messages: [{ role: "system", content: SYSTEM_TEXT }, { role: "user", content: USER_TEXT }],
            reasoningEffort: "low",
            maxTokens: 400,
        });
        assert.deepEqual(EditPlan.parse(result.value), PLAN);
        assert.ok(server.logs.some((line) => line.includes("accepts response_format json_schema")), server.logs.join("\n"));
        assert.ok(!server.logs.some((line) => line.includes("repair")), "no repair request was needed");
    });
});
