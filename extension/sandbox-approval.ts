// The one place code runs outside the sandbox: the user sees the exact code and command, and
// says yes to that run alone. Closing the dialog is a no. When the task that asked is cancelled,
// the server withdraws the question (`token`): VS Code cannot close a modal dialog, so a notice
// says the question is void, and the answer counts as a no whatever it is.
import * as vscode from "vscode";
import type { SandboxApprovalParams, SandboxApprovalResult } from "../protocol/index.ts";

const PREVIEW_LINES = 40;

export async function askToRunUnsandboxed(request: SandboxApprovalParams, token: vscode.CancellationToken): Promise<SandboxApprovalResult> {
    const withdrawn = token.onCancellationRequested(() => {
        void vscode.window.setStatusBarMessage("gpt-oss: the task was cancelled; its request to run code is void, whatever you answer.", 10_000);
    });
    const lines = request.code.split("\n");
    const preview = lines.slice(0, PREVIEW_LINES).join("\n") + (lines.length > PREVIEW_LINES ? `\n… (${lines.length - PREVIEW_LINES} more lines)` : "");
    const isolation = request.isolation === "none" ? "WITHOUT a sandbox (it can read and change your files and use the network)" : "in the sandbox";
    const choice = await Promise.resolve(vscode.window.showWarningMessage(
        `gpt-oss wants to run ${request.language} code ${isolation}.`,
        {
            modal: true,
            detail: `Why you are asked: ${request.reason}\n\nCommand: ${request.argv.join(" ")}\nIn: ${request.cwd}\n\n${preview}`,
        },
        "Run Once",
    )).finally(() => withdrawn.dispose());
    return { approved: choice === "Run Once" && !token.isCancellationRequested };
}
