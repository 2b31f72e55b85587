// Runs one agent task: a cancellable progress notification that shows each step as it happens
// ("reading src/a.ts", "running npm test in the sandbox"), the request to the server, then the
// review. Cancel stops the model and any sandbox run; nothing was written, so nothing is undone.
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { AgentProgressNotification, AgentRunRequest, type AgentRunResult, type AgentTaskKind } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import type { ProposalDocuments } from "../chat/proposal-documents.ts";
import { readAgentSettings } from "./agent-settings.ts";
import { readBrowserSettings } from "../browser-settings.ts";
import { openBuffers } from "./editor-state.ts";
import { review } from "./review.ts";
import { taskInput } from "./task-input.ts";
import { settleTask } from "./task-outcome.ts";
import { userToolsForTask } from "../tools/index.ts";

export const TASK_TITLES: Record<AgentTaskKind, string> = {
    "edit-selection": "Edit Selection",
    "fix-problems": "Fix Problems in File",
    "write-tests": "Write Tests",
    "document": "Document Selection",
    "free": "Agent Task",
};

/** The last task's result, for tests and "show the last transcript". */
export interface LastTask { title: string; instruction: string; result: AgentRunResult; decision: string }

export async function runTask(ctx: Ctx, proposals: ProposalDocuments, kind: AgentTaskKind, remember: (task: LastTask) => void): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
        void vscode.window.showInformationMessage("gpt-oss: agent tasks work in a folder; open one first.");
        return;
    }
    const input = await taskInput(kind, folder);
    if (input === null) return;
    const settings = readAgentSettings();
    const title = TASK_TITLES[kind];
    const client = await ctx.ensureClient();
    if (ctx.status.state !== "ready" && !(await ctx.loadModel())) return;

    // The user's MCP servers and lm tools, only where the workspace is trusted (they run programs).
    const userTools = vscode.workspace.isTrusted ? await userToolsForTask(ctx) : null;
    const taskId = randomUUID();
    const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `gpt-oss: ${title}`, cancellable: true },
        async (progress, token) => {
            const abort = new AbortController();
            const cancel = token.onCancellationRequested(() => abort.abort());
            const updates = client.onNotification(AgentProgressNotification, (update) => {
                if (update.taskId === taskId) progress.report({ message: update.message });
            });
            try {
                const send = (request: () => Promise<AgentRunResult>) => userTools?.carriesSecret ? ctx.withoutTrace(request) : request();
                return await settleTask(() => send(() => client.request(AgentRunRequest, {
                    taskId,
                    ...input,
                    workspaceRoot: folder.uri.fsPath,
                    openBuffers: openBuffers(folder),
                    reasoningEffort: settings.reasoningEffort,
                    workspaceTrusted: vscode.workspace.isTrusted,
                    maxSteps: settings.maxSteps,
                    maxTokens: settings.maxTokens,
                    verify: settings.verify,
                    repairRounds: settings.repairRounds,
                    ...(settings.checkCommand.trim() !== "" ? { checkCommand: settings.checkCommand.trim() } : {}),
                    browser: readBrowserSettings(),
                    ...(userTools ? { tools: userTools.tools } : {}),
                }, abort.signal)), () => abort.signal.aborted);
            } finally {
                cancel.dispose();
                updates.dispose();
            }
        },
    );
    if (outcome.kind === "failed") {
        // The error says what went wrong; nothing more (in particular, not "was cancelled").
        ctx.reportError(outcome.error);
        return;
    }
    if (outcome.kind === "cancelled") {
        void vscode.window.setStatusBarMessage(`gpt-oss: ${title} was cancelled; no file was changed.`, 5000);
        return;
    }
    const result = outcome.result;
    ctx.output.info(`agent: ${title}: ${result.outcome} after ${result.usage.steps} steps, ${result.usage.generatedTokens} tokens generated`);
    const decision = await review({ title, instruction: input.instruction, folder, result }, proposals);
    remember({ title, instruction: input.instruction, result, decision });
}
