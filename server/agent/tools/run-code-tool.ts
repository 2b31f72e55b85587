// run_code: the model runs a snippet in the sandbox (no network, the workspace read-only at
// /workspace, writes only to scratch) to check an idea before proposing edits. A refusal (code
// execution off, untrusted workspace, the user said no) reaches the model as text.
import { z } from "zod";
import type { SandboxRunResult } from "../../../protocol/index.ts";
import { SandboxRefusedError, type Sandbox } from "../../sandbox/index.ts";
import { defineTool, ToolError, type AgentTool } from "../tool.ts";

export function runCodeTool(sandbox: () => Promise<Sandbox>, workspaceRoot: string): AgentTool {
    return defineTool({
        name: "run_code",
        description: "Run a short program in an isolated sandbox (no network; the workspace is read-only at /workspace, the current folder). Returns its exit code and output.",
        args: z.object({
            language: z.enum(["python", "node", "shell"]),
            code: z.string().min(1),
        }),
        describe: ({ language }) => `running ${language} code in the sandbox`,
        async run({ language, code }, context) {
            if (!context.trusted) throw new ToolError("Code execution is off: this workspace is not trusted.");
            let result: SandboxRunResult;
            try {
                result = await (await sandbox()).run({ language, code, workspace: { path: workspaceRoot, mode: "readonly" }, signal: context.signal });
            } catch (error) {
                if (error instanceof SandboxRefusedError) throw new ToolError(`The code did not run: ${error.message}`);
                throw error;
            }
            return formatRun(result);
        },
    });
}

export function formatRun(result: SandboxRunResult): string {
    const ending = result.timedOut ? `killed after ${Math.round(result.durationMs / 1000)} s (time limit)`
        : result.killedReason ? `killed (${result.killedReason})`
            : `exit code ${result.exitCode ?? "none"}${result.signal ? `, signal ${result.signal}` : ""}`;
    const parts = [`${ending}, ${Math.round(result.durationMs)} ms`];
    if (result.stdout !== "") parts.push(`stdout:\n${result.stdout}`);
    if (result.stderr !== "") parts.push(`stderr:\n${result.stderr}`);
    if (result.stdout === "" && result.stderr === "") parts.push("(no output)");
    if (result.notice) parts.push(`note: ${result.notice}`);
    return parts.join("\n");
}
