// Helpers for agent tests: a throwaway copy of a fixture project, a fingerprint of every file in
// it (to prove a task wrote nothing), the text an agent prompt holds besides harmony's own (so
// scripted models never pick a marker word that a prompt also contains), and a server with a
// scripted model that looks things up in the agent-project fixture.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { developerMessage } from "../../server/agent/agent-prompt.ts";
import { SUBMIT_PLAN_TOOL } from "../../server/agent/agent-loop.ts";
import { browserTools } from "../../server/agent/tools/browser/index.ts";
import { runCodeTool } from "../../server/agent/tools/run-code-tool.ts";
import { diagnosticsTool, listFilesTool, readFileTool, searchTool } from "../../server/agent/tools/workspace-tools.ts";
import { AgentWorkspace } from "../../server/agent/workspace.ts";
import { DiagnosticsRequest } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { REPO_ROOT, startServer, testConfig, type ServerHandle } from "./server-process.ts";

/** A scripted model's first step in the agent-project fixture: a thought, then read_file of src/math.js. */
export const READ_MATH_JS = '<|channel|>analysis<|message|>Peek first.<|end|><|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"src/math.js","startLine":null,"endLine":40}<|call|>';

/**
 * A server with a scripted model loaded in an 8192-token context, for runs that call tools; the
 * editor's diagnostics request is answered with none. `promptTexts`: what else the prompts hold.
 */
export async function startScriptedToolServer(
    scripts: Parameters<typeof createScriptedModel>[0]["scripts"], promptTexts: string[],
): Promise<ServerHandle> {
    // The head that reads "the latest marker" must see past a whole file read: no 128-token window.
    const model = await createScriptedModel({ scripts, promptTexts, slidingWindow: 8192 });
    const server = await startServer();
    server.connection.onRequest(DiagnosticsRequest.method, () => ({ diagnostics: [] }));
    assert.equal((await server.client.load(testConfig(model, { contextSize: 8192 }))).state, "ready");
    return server;
}

export async function copyFixture(name: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `agent-${name}-`));
    await cp(path.join(REPO_ROOT, "test", "fixtures", name), dir, { recursive: true });
    return dir;
}

/** path → sha256 of every file under `root`. */
export async function fingerprint(root: string): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    const walk = async (dir: string) => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) await walk(full);
            else result[path.relative(root, full)] = createHash("sha256").update(await readFile(full)).digest("hex");
        }
    };
    await walk(root);
    return result;
}

/** Everything an agent prompt shows the model besides the task: instructions and tool definitions. */
export function agentPromptTexts(): string[] {
    const workspace = new AgentWorkspace("/nonexistent");
    const tools = [
        readFileTool(workspace), listFilesTool(workspace), searchTool(workspace), diagnosticsTool(workspace, async () => []), runCodeTool(async () => { throw new Error("unused"); }, "/"),
        ...browserTools({ searchEndpoint: "http://127.0.0.1:1/search", allowedDomains: [], approveFetch: async () => false }),
    ];
    const definitions = [...tools.map((tool) => tool.definition), SUBMIT_PLAN_TOOL];
    return [
        ...(["edit-selection", "fix-problems", "write-tests", "document", "free"] as const).map((kind) => developerMessage(kind, definitions.map((tool) => tool.name))),
        ...definitions.map((definition) => JSON.stringify(definition)),
        ...definitions.map((definition) => definition.description),
    ];
}
