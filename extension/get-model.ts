// The three ways to get a model, as commands the chat's welcome and the walkthrough both use:
// download gpt-oss-20b, a GGUF file already on this machine (the server checks it is gpt-oss
// before loading), or a server. Plus the sandbox's state in words, for the walkthrough's last step.
import * as vscode from "vscode";
import type { WelcomeAction } from "../protocol/webview.ts";
import type { Ctx } from "./ctx.ts";
import { GPT_OSS_20B, pickLocalFile, useHuggingFace } from "./commands.ts";
import { chooseRemoteEndpoint } from "./remote/choose-endpoint.ts";

export const GET_MODEL_COMMANDS: Record<WelcomeAction, string> = {
    download: "gptOss.getModel.download",
    localFile: "gptOss.getModel.localFile",
    remote: "gptOss.getModel.remote",
};
export const SANDBOX_STATUS_COMMAND = "gptOss.showSandboxStatus";

export function runGetModel(ctx: Ctx, action: WelcomeAction): Promise<void> {
    switch (action) {
        case "download": return useHuggingFace(ctx, GPT_OSS_20B);
        case "localFile": return pickLocalFile(ctx);
        case "remote": return chooseRemoteEndpoint(ctx);
    }
}

/** Starts the server if needed so the sandbox has checked the machine, then says what it found. */
async function showSandboxStatus(ctx: Ctx): Promise<void> {
    await ctx.ensureClient();
    await ctx.configureSandbox();
    const summary = ctx.sandboxSummary ?? "The sandbox has not reported yet; see the log.";
    const choice = await vscode.window.showInformationMessage(`gpt-oss code execution: ${summary}`, "Show Log");
    if (choice === "Show Log") ctx.output.show(true);
}

export function registerGetModel(ctx: Ctx): vscode.Disposable[] {
    return [
        ...Object.entries(GET_MODEL_COMMANDS).map(([action, command]) =>
            vscode.commands.registerCommand(command, () => runGetModel(ctx, action as WelcomeAction))),
        vscode.commands.registerCommand(SANDBOX_STATUS_COMMAND, () => showSandboxStatus(ctx)),
    ];
}
