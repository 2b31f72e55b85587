// The one place code runs outside the sandbox: the user sees the exact code and command, and
// says yes to that run alone. Closing the dialog is a no.
import * as vscode from "vscode";
import type { SandboxApprovalParams, SandboxApprovalResult } from "../protocol/index.ts";

const PREVIEW_LINES = 40;

export async function askToRunUnsandboxed(request: SandboxApprovalParams): Promise<SandboxApprovalResult> {
    const lines = request.code.split("\n");
    const preview = lines.slice(0, PREVIEW_LINES).join("\n") + (lines.length > PREVIEW_LINES ? `\n… (${lines.length - PREVIEW_LINES} more lines)` : "");
    const isolation = request.isolation === "none" ? "WITHOUT a sandbox (it can read and change your files and use the network)" : "in the sandbox";
    const choice = await vscode.window.showWarningMessage(
        `gpt-oss wants to run ${request.language} code ${isolation}.`,
        {
            modal: true,
            detail: `Why you are asked: ${request.reason}\n\nCommand: ${request.argv.join(" ")}\nIn: ${request.cwd}\n\n${preview}`,
        },
        "Run Once",
    );
    return { approved: choice === "Run Once" };
}
