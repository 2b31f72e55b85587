// The words of the sandbox tool: its input as zod checks it, the confirmation that shows the
// exact code before anything runs, and the run's result as the text a model reads. Pure, so
// unit tests see exactly what a user and a model would.
import { z } from "zod";
import { SandboxLanguage, SandboxRefusal, type SandboxRunResult } from "../../protocol/index.ts";

/** The name in package.json's languageModelTools; other extensions call the tool by it. */
export const SANDBOX_TOOL_NAME = "gptOss_runCode";

export const SandboxToolInput = z.object({
    language: SandboxLanguage,
    code: z.string().min(1).max(1024 * 1024),
});
export type SandboxToolInput = z.infer<typeof SandboxToolInput>;

const FENCE_LANGUAGE: Record<SandboxToolInput["language"], string> = { python: "python", node: "javascript", shell: "sh" };

export function confirmationTitle(input: SandboxToolInput): string {
    return `Run this ${input.language} code?`;
}

/**
 * Markdown of the confirmation: how it will be isolated, then the code, whole and unchanged, in
 * a fence longer than any run of backticks inside it, so no code can close the block early and
 * pass itself off as prose. The code comes last: outside a chat VS Code shows this as plain text
 * in a modal dialog, where a paragraph after a code block runs into the code's last line.
 */
export function confirmationMarkdown(input: SandboxToolInput, isolation: string): string {
    const longestRun = Math.max(0, ...(input.code.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(Math.max(3, longestRun + 1));
    const code = input.code.endsWith("\n") ? input.code : `${input.code}\n`;
    return `${isolation}\n\n${fence}${FENCE_LANGUAGE[input.language]}\n${code}${fence}\n`;
}

/** The run as a model reads it: output first, then one line saying how it ended. */
export function resultText(result: SandboxRunResult): string {
    const sections: string[] = [];
    if (result.stdout !== "") sections.push(result.stdout.endsWith("\n") ? result.stdout : `${result.stdout}\n`);
    if (result.stderr !== "") sections.push(`stderr:\n${result.stderr.endsWith("\n") ? result.stderr : `${result.stderr}\n`}`);
    if (sections.length === 0) sections.push("(no output)\n");
    const ending = result.timedOut
        ? "timed out"
        : result.killedReason
            ? `killed (${result.killedReason})`
            : result.exitCode !== null ? `exit code ${result.exitCode}` : `ended by ${result.signal ?? "a signal"}`;
    const facts = [
        ending,
        `${(result.durationMs / 1000).toFixed(2)} s`,
        result.isolation === "bubblewrap" ? "isolated (bubblewrap sandbox)" : "not isolated (approved by the user)",
        ...(result.truncated ? ["output truncated"] : []),
        ...(result.notice ? [result.notice] : []),
    ];
    return `${sections.join("")}[${facts.join("; ")}]`;
}

/** A refusal the server sent as a JSON-RPC error's data, if `error` is one. */
export function refusalOf(error: unknown): SandboxRefusal | null {
    if (error === null || typeof error !== "object" || !("data" in error)) return null;
    const parsed = SandboxRefusal.safeParse((error as { data: unknown }).data);
    return parsed.success ? parsed.data : null;
}

/**
 * Said to the caller (and through it the model) when nothing ran. It says plainly that running
 * the code some other way is not the answer (agents that retry outside a sandbox after a refusal
 * are a known hazard, microsoft/vscode#313210).
 */
export function refusalMessage(refusal: SandboxRefusal): string {
    return `The code was not run: ${refusal.message} Do not try to run it another way; tell the user instead.`;
}
