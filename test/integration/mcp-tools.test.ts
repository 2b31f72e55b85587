// The user's MCP tools in agent tasks, through the real language server and engine on scripted
// synthetic gpt-oss models, against a real MCP server nobody here wrote
// (@modelcontextprotocol/server-everything) over stdio and over streamable HTTP. Its tool names
// ("get-sum") hold a character harmony cannot take: the model calls mcp_everything_get_sum and the
// server is asked for get-sum. Also: a tool that can change things asks first with the exact
// arguments; a server killed mid-call, a call that times out, and a huge result each give the
// model a clear tool answer, and the task still ends with its plan.
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
    AgentProgressNotification, AgentRunRequest, ExternalToolSettings, ToolApproveRequest, ToolsListRequest, type AgentRunParams, type AgentRunResult,
    type ToolApproveParams,
} from "../../protocol/index.ts";
import { SUBMIT_PLAN } from "../../server/agent/agent-loop.ts";
import { agentPromptTexts, copyFixture, fingerprint, startScriptedToolServer } from "../support/agent-fixture.ts";
import {
    everythingStdio, everythingStdioWithPidFile, startEverythingHttp, userToolDefinitionTexts, userToolSettings, type EverythingHttp,
} from "../support/everything-mcp-server.ts";
import { REPO_ROOT, type ServerHandle } from "../support/server-process.ts";

const INSTRUCTION = "Fix the adder.";
const ORIGINAL = await readFile(path.join(REPO_ROOT, "test/fixtures/agent-project/src/math.js"), "utf8");
const FIXED = ORIGINAL.replace("return a - b;", "return a + b;");
const GZIP_ARGS = { name: "notes.gz", data: "data:text/plain;base64,aGk=", outputType: "resource" };

const call = (name: string, args: object, thought?: string) =>
    `${thought ? `<|channel|>analysis<|message|>${thought}<|end|><|start|>assistant` : ""}<|channel|>commentary to=functions.${name} <|constrain|>json<|message|>${JSON.stringify(args)}<|call|>`;
// The scripted model tells the steps of one task apart by a word or number of an earlier step
// that no prompt holds (a "marker"): each call but the last carries one in its arguments.
const PLAN = `<|channel|>commentary to=functions.${SUBMIT_PLAN} <|constrain|>json<|message|>${JSON.stringify({ summary: "Zeta fix.", files: [{ action: "edit", path: "src/math.js", edits: [{ search: "    return a - b;", replace: "    return a + b;" }] }] })}<|call|>`;

const toolSettings = userToolSettings;

/** What the prompts show besides harmony's own text: the built-in tools and these MCP tools' definitions. */
async function promptTexts(settings: ExternalToolSettings): Promise<string[]> {
    return [...agentPromptTexts(), INSTRUCTION, ORIGINAL, "return a - b;", "return a + b;", ...await userToolDefinitionTexts(settings, INSTRUCTION)];
}

function params(workspaceRoot: string, tools: ExternalToolSettings): AgentRunParams {
    return {
        taskId: "mcp-task", kind: "free", instruction: INSTRUCTION, workspaceRoot, openBuffers: [], reasoningEffort: "low",
        workspaceTrusted: true, maxSteps: 6, maxTokens: 4096, verify: false, repairRounds: 0, seed: 7, tools,
    };
}

function toolSteps(result: AgentRunResult) {
    return result.steps.flatMap((step) => (step.type === "tool" ? [step] : []));
}

describe("an agent task that calls an MCP tool of server-everything, then plans", () => {
    let server: ServerHandle;
    let workspace: string;
    let http: EverythingHttp;
    const approvals: ToolApproveParams[] = [];
    before(async () => {
        http = await startEverythingHttp();
        const texts = await promptTexts(await toolSettings({ everything: everythingStdio() }));
        server = await startScriptedToolServer([
            { trigger: "assistant", output: call("mcp_everything_gzip_file_as_resource", GZIP_ARGS, "Quokka zips.") },
            { trigger: "assistant", output: call("mcp_everything_get_sum", { a: 41, b: 58 }), follows: true },
            { trigger: "assistant", output: PLAN, follows: true },
        ], texts);
        // The user refuses the tool that can change things.
        server.connection.onRequest(ToolApproveRequest.method, (request: ToolApproveParams) => {
            approvals.push(request);
            return { approved: false, always: false };
        });
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await http.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    for (const transport of ["stdio", "streamable HTTP"] as const) {
        test(`over ${transport}: the model is refused the gzip after the dialog showed its exact arguments, gets the sum, and its plan is proposed`, async () => {
            approvals.length = 0;
            const before = await fingerprint(workspace);
            const config = transport === "stdio" ? everythingStdio() : http.config;
            const progress: string[] = [];
            const subscription = server.client.onNotification(AgentProgressNotification, (update) => progress.push(update.message));
            const result = await server.client.request(AgentRunRequest, params(workspace, await toolSettings({ everything: config })));
            subscription.dispose();

            assert.equal(result.outcome, "proposed", result.error);
            assert.deepEqual(result.changes, [{ path: "src/math.js", kind: "modify", before: ORIGINAL, after: FIXED }]);
            const [gzip, sum] = toolSteps(result);
            // Harmony's name for get-sum, and the server's own answer.
            assert.equal(sum?.name, "mcp_everything_get_sum");
            assert.equal(sum?.isError, false);
            assert.equal(sum?.result, "The sum of 41 and 58 is 99.");
            assert.ok(progress.includes("calling get-sum (MCP everything)"), progress.join(" | "));
            // Asked once, with exactly what the tool would have received; refused, so it did not run.
            assert.equal(approvals.length, 1);
            assert.equal(approvals[0]!.toolId, "mcp:everything/gzip-file-as-resource");
            assert.deepEqual(JSON.parse(approvals[0]!.arguments), GZIP_ARGS);
            assert.equal(gzip?.isError, true);
            assert.match(gzip?.result ?? "", /The user did not allow gzip-file-as-resource/);
            // The tool definitions the model saw: harmony names only.
            const system = result.transcript[0]!.content;
            assert.match(system, /mcp_everything_get_sum/);
            assert.doesNotMatch(system, /get-sum/);
            assert.deepEqual(await fingerprint(workspace), before);
        });
    }

    test("the quick pick's listing names each tool with its server and read-only mark", async () => {
        const listing = await server.client.request(ToolsListRequest, { mcpServers: { everything: http.config } });
        assert.deepEqual(listing.errors, []);
        const sum = listing.tools.find((tool) => tool.id === "mcp:everything/get-sum");
        assert.deepEqual(sum, { id: "mcp:everything/get-sum", source: "mcp", origin: "everything", name: "get-sum", description: "Returns the sum of two numbers", readOnly: true });
        assert.equal(listing.tools.find((tool) => tool.name === "gzip-file-as-resource")?.readOnly, false);
    });
});

describe("an MCP server that fails during a task", () => {
    let server: ServerHandle;
    let workspace: string;
    let scratch: string;
    before(async () => {
        const texts = await promptTexts(await toolSettings({ everything: everythingStdio() }));
        server = await startScriptedToolServer([
            { trigger: "assistant", output: call("mcp_everything_trigger_long_running_operation", { duration: 863, steps: 1 }, "Quokka waits.") },
            { trigger: "assistant", output: PLAN, follows: true },
        ], texts);
        workspace = await copyFixture("agent-project");
        scratch = path.join(os.tmpdir(), `mcp-pid-${process.pid}`);
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
        await rm(scratch, { force: true });
    });

    test("killed mid-call: the model reads that it stopped, the plan is still proposed, and the server starts again when next needed", async () => {
        const subscription = server.client.onNotification(AgentProgressNotification, (update) => {
            // The request was written before this line was sent; kill exactly the process the shell started.
            if (update.message.startsWith("calling trigger-long-running-operation")) {
                void readFile(scratch, "utf8").then((pid) => process.kill(Number(pid.trim()), "SIGKILL"));
            }
        });
        const config = everythingStdioWithPidFile(scratch);
        const result = await server.client.request(AgentRunRequest, params(workspace, await toolSettings({ everything: config }, { callTimeoutSeconds: 3_600 })));
        subscription.dispose();
        assert.equal(result.outcome, "proposed", result.error);
        const [waited] = toolSteps(result);
        assert.equal(waited?.isError, true);
        assert.match(waited?.result ?? "", /The MCP server "everything" stopped while running trigger-long-running-operation/);
        const firstPid = await readFile(scratch, "utf8");
        const listing = await server.client.request(ToolsListRequest, { mcpServers: { everything: config } });
        assert.deepEqual(listing.errors, []);
        assert.ok(listing.tools.some((tool) => tool.name === "get-sum"));
        assert.notEqual(await readFile(scratch, "utf8"), firstPid, "a new process");
    });

    test("a call over its timeout is cancelled with a clear error, and the task goes on to its plan", async () => {
        const settings = await toolSettings({ everything: everythingStdio() }, { callTimeoutSeconds: 1 });
        const result = await server.client.request(AgentRunRequest, params(workspace, settings));
        assert.equal(result.outcome, "proposed", result.error);
        const [waited] = toolSteps(result);
        assert.equal(waited?.isError, true);
        assert.equal(waited?.result, 'Error: The MCP server "everything" did not answer within 1 s while running trigger-long-running-operation; the call was cancelled.');
    });
});

describe("an MCP tool whose result is huge", () => {
    let server: ServerHandle;
    let workspace: string;
    before(async () => {
        const texts = await promptTexts(await toolSettings({ everything: everythingStdio() }));
        // A call without arguments carries no marker, so the model calls it at every step: two steps, then the task ends.
        server = await startScriptedToolServer([{ trigger: "assistant", output: call("mcp_everything_get_env", {}, "Quokka reads.") }], texts);
        workspace = await copyFixture("agent-project");
    });
    after(async () => {
        await server.stop();
        await rm(workspace, { recursive: true, force: true });
    });

    test("is capped to its head and tail as in the sandbox, and the task ends cleanly", async () => {
        // server-everything's get-env returns its whole environment: make that huge.
        const big = "0123456789".repeat(10_000); // 100 kB: one environment string may not exceed 128 kB
        const settings = await toolSettings({ everything: everythingStdio({ GPT_OSS_BIG: big }) }, { maxOutputBytes: 1_000 });
        const result = await server.client.request(AgentRunRequest, { ...params(workspace, settings), maxSteps: 2 });
        assert.equal(result.outcome, "failed");
        assert.match(result.error ?? "", /took all 2 steps/);
        const [env] = toolSteps(result);
        assert.equal(env?.isError, false);
        assert.match(env?.result ?? "", /\[truncated: \d+ bytes of output omitted\]/);
        assert.ok(Buffer.byteLength(env!.result) < 1_100, `${Buffer.byteLength(env!.result)} bytes`);
        assert.match(env!.result, /"PATH"|"HOME"/, "the head of the real answer");
    });
});
