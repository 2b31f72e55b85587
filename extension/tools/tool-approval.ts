// The question before one of the user's tools that can change things runs: the exact arguments
// it would receive, where the tool comes from, and three answers. "Always Allow" is remembered
// for this tool in this workspace. Closing the dialog is a no.
import * as vscode from "vscode";
import type { ToolApproveParams, ToolApproveResult } from "../../protocol/index.ts";
import type { ToolState } from "./tool-state.ts";

const ALLOW = "Allow";
const ALWAYS = "Always Allow This Tool";

export async function askToRunTool(request: ToolApproveParams, state: ToolState): Promise<ToolApproveResult> {
    const where = request.source === "mcp" ? `the MCP server "${request.origin}"` : "a VS Code extension";
    const choice = await vscode.window.showWarningMessage(
        `gpt-oss wants to run ${request.name} from ${where}.`,
        {
            modal: true,
            detail: `Arguments:\n${request.arguments}\n\n${request.description ? `${request.description}\n\n` : ""}This tool is not marked read-only, so it may change files or other things. What it answers goes to the model.`,
        },
        ALLOW, ALWAYS,
    );
    if (choice === ALWAYS) {
        await state.allowAlways(request.toolId);
        return { approved: true, always: true };
    }
    return { approved: choice === ALLOW, always: false };
}
