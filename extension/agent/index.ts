// Agent tasks in the command palette and the editor's context menu.
import * as vscode from "vscode";
import type { AgentTaskKind } from "../../protocol/index.ts";
import { ProposalDocuments } from "../chat/proposal-documents.ts";
import type { Ctx } from "../ctx.ts";
import { openInChat } from "./review.ts";
import { runTask, type LastTask } from "./run-task.ts";

const COMMANDS: Record<string, AgentTaskKind> = {
    "gptOss.agent.editSelection": "edit-selection",
    "gptOss.agent.fixProblems": "fix-problems",
    "gptOss.agent.writeTests": "write-tests",
    "gptOss.agent.document": "document",
    "gptOss.agent.runTask": "free",
};

export function registerAgent(ctx: Ctx): vscode.Disposable[] {
    const proposals = new ProposalDocuments();
    let last: LastTask | null = null;
    let running = false;
    const run = async (kind: AgentTaskKind) => {
        if (running) {
            void vscode.window.showInformationMessage("gpt-oss: an agent task is already running; cancel it or wait for its review.");
            return;
        }
        running = true;
        try {
            await runTask(ctx, proposals, kind, (task) => { last = task; });
        } catch (error) {
            ctx.reportError(error);
        } finally {
            running = false;
        }
    };
    return [
        proposals,
        ...Object.entries(COMMANDS).map(([command, kind]) => vscode.commands.registerCommand(command, () => run(kind))),
        vscode.commands.registerCommand("gptOss.agent.showLastTranscript", async () => {
            if (last === null) {
                void vscode.window.showInformationMessage("gpt-oss: no agent task has run in this window yet.");
                return;
            }
            await openInChat(last);
        }),
        // For tests and diagnostics: the last task's outcome and the user's decision.
        vscode.commands.registerCommand("gptOss.agent.lastResult", () => (last === null ? null : {
            outcome: last.result.outcome, decision: last.decision, files: last.result.changes.map((change) => change.path),
            verification: last.result.verification, steps: last.result.usage.steps,
        })),
    ];
}
