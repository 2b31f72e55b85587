// The code-execution sandbox as a VS Code language-model tool (gptOss_runCode): agents in other
// extensions run code isolated the same way our own chat does. VS Code shows the confirmation
// (with the exact code) before every run; the sandbox settings and workspace trust still apply,
// so an untrusted workspace or gptOss.sandbox.mode "disable" refuses, and a run that could not be
// isolated asks again through the sandbox's own approval.
import * as vscode from "vscode";
import { SandboxRunRequest } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import {
    confirmationMarkdown, confirmationTitle, refusalMessage, refusalOf, resultText, SandboxToolInput,
} from "./sandbox-tool-text.ts";

/** Said before the server has reported the sandbox's state (prepareInvocation must not start it: no side effects). */
const ISOLATION_UNKNOWN = "It runs in gpt-oss's sandbox (no network, writes only to a scratch folder) when this machine can isolate it; otherwise you are asked again before it runs.";

export class SandboxTool implements vscode.LanguageModelTool<unknown> {
    constructor(private readonly ctx: Ctx) {}

    prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
        const input = parseInput(options.input);
        return {
            invocationMessage: `Running ${input.language} code in the gpt-oss sandbox`,
            confirmationMessages: {
                title: confirmationTitle(input),
                message: new vscode.MarkdownString(confirmationMarkdown(input, this.ctx.sandboxSummary ?? ISOLATION_UNKNOWN)),
            },
        };
    }

    async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
        const input = parseInput(options.input);
        const client = await this.ctx.ensureClient();
        // The server starts with code execution off until the extension sends the settings and
        // workspace trust; a tool call can be the very first thing after a start.
        await this.ctx.configureSandbox();
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
            const result = await client.request(SandboxRunRequest, { language: input.language, code: input.code }, abort.signal);
            return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(resultText(result))]);
        } catch (error) {
            const refusal = refusalOf(error);
            if (refusal) throw new Error(refusalMessage(refusal), { cause: error });
            throw error;
        } finally {
            cancel.dispose();
        }
    }
}

function parseInput(raw: unknown): SandboxToolInput {
    const parsed = SandboxToolInput.safeParse(raw);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
    throw new Error(`gptOss_runCode needs { language: "python" | "node" | "shell", code: string } (${problems}).`);
}
