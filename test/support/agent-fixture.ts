// Helpers for agent tests: a throwaway copy of a fixture project, a fingerprint of every file in
// it (to prove a task wrote nothing), and the text an agent prompt holds besides harmony's own
// (so scripted models never pick a marker word that a prompt also contains).
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
import { REPO_ROOT } from "./server-process.ts";

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
