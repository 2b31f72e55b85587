// The server's side of agent tasks: builds one task's tools (workspace, diagnostics through the
// editor, run_code, python and the browser only in a trusted workspace), its plan applier and its check,
// runs the loop, and streams each step to the extension as a progress notification.
import type { Connection } from "vscode-languageserver/node";
import { AgentProgressNotification, type AgentRunParams, type AgentRunResult, type AgentStep } from "../../protocol/index.ts";
import { editorDiagnostics } from "../editor-requests.ts";
import type { Engine } from "../engine/engine.ts";
import { log } from "../log.ts";
import { sendNotification } from "../rpc.ts";
import type { SandboxService } from "../sandbox-service.ts";
import { runAgent, type PlanApplier, type Verifier } from "./agent-loop.ts";
import { applyEditPlan, diskFileSource, formatFailuresForModel } from "./edit-plan/index.ts";
import type { AgentTool } from "./tool.ts";
import { browserToolsFromSettings } from "./tools/browser/index.ts";
import { runCodeTool } from "./tools/run-code-tool.ts";
import { pythonTool } from "./tools/python-tool.ts";
import { diagnosticsTool, listFilesTool, readFileTool, searchTool } from "./tools/workspace-tools.ts";
import { createCheckVerifier, detectCheck } from "./verify/index.ts";
import { AgentWorkspace } from "./workspace.ts";
import { externalTools } from "./tools/mcp/external-tools.ts";
import type { UserToolsService } from "../mcp/user-tools-service.ts";
import { SUBMIT_PLAN } from "./agent-loop.ts";

export class AgentService {
    constructor(private readonly connection: Connection, private readonly engine: Engine, private readonly sandboxes: SandboxService, private readonly userTools?: UserToolsService) {}

    async run(params: AgentRunParams, signal: AbortSignal): Promise<AgentRunResult> {
        const workspace = new AgentWorkspace(params.workspaceRoot, params.openBuffers);
        const trusted = params.workspaceTrusted;
        const python = pythonTool(() => this.sandboxes.sandbox(), params.workspaceRoot); // one session per task, started at its first cell
        const tools: AgentTool[] = [
            readFileTool(workspace), listFilesTool(workspace), searchTool(workspace),
            diagnosticsTool(workspace, (path) => editorDiagnostics(this.connection, params.workspaceRoot, path)),
            // An untrusted workspace gets no tool that runs or fetches anything.
            ...(trusted ? [runCodeTool(() => this.sandboxes.sandbox(), params.workspaceRoot), python.tool] : []),
            ...(trusted && params.browser ? browserToolsFromSettings(params.browser, this.connection) : []),
        ];
        // The user's MCP servers and lm tools: only in a trusted workspace (they run programs).
        const external = trusted && params.tools !== undefined && this.userTools !== undefined
            ? await externalTools(params.tools, this.userTools.host, params.instruction, [...tools.map((tool) => tool.definition.name), SUBMIT_PLAN], signal)
            : null;
        if (external !== null) tools.push(...external.tools);
        const source = diskFileSource(params.workspaceRoot, params.openBuffers);
        const planner: PlanApplier = {
            apply: (plan) => applyEditPlan(plan, source),
            formatFailures: (failures) => formatFailuresForModel(failures),
        };
        const verifier = trusted && params.verify ? await this.verifier(params) : null;
        const progress = (message: string, step?: AgentStep) =>
            sendNotification(this.connection, AgentProgressNotification, { taskId: params.taskId, message, ...(step ? { step } : {}) });

        const started = performance.now();
        const result = await runAgent(params, { engine: this.engine, tools, planner, verifier, progress, toolNote: external?.modelNote, notices: external?.notices }, signal)
            .finally(() => python.dispose());
        log.info(`agent task ${params.kind}: ${result.outcome} in ${result.usage.steps} steps, ${result.usage.generatedTokens} tokens generated, ` +
            `${Math.round(performance.now() - started)} ms${result.verification ? `, check ${result.verification.passed ? "passed" : "failed"}` : ""}`);
        return result;
    }

    private async verifier(params: AgentRunParams): Promise<Verifier | null> {
        const check = await detectCheck(params.workspaceRoot, params.checkCommand);
        if (check === null) return null;
        const verifier = createCheckVerifier({ sandbox: await this.sandboxes.sandbox(), workspaceRoot: params.workspaceRoot, check });
        return {
            command: verifier.command,
            async run(changes, signal) {
                const result = await verifier.run(changes, signal);
                return { passed: result.passed, output: result.output, ...(result.refused !== undefined ? { refused: result.refused } : result.error !== undefined ? { refused: result.error } : {}) };
            },
            formatForModel: (outcome) => verifier.formatForModel(outcome),
        };
    }
}
