// An agent task told as a chat conversation (the user's task, the model's reasoning, what it did
// and what it proposed), so it can be opened in the chat view, and as Markdown for the details.
import type { AgentRunResult, AgentStep } from "../../protocol/index.ts";
import type { Conversation } from "../chat/conversation.ts";

export function transcriptMarkdown(title: string, instruction: string, result: AgentRunResult): string {
    const lines = [`# ${title}`, "", `**Task:** ${instruction}`, ""];
    for (const step of result.steps) lines.push(...stepMarkdown(step), "");
    lines.push(`**Outcome:** ${outcomeLine(result)}`);
    if (result.failures.length > 0) {
        lines.push("", "**Edits that did not apply:**");
        for (const failure of result.failures) lines.push(`- \`${failure.path}\`${failureWhere(failure)}: ${failure.message}`);
    }
    if (result.changes.length > 0) {
        lines.push("", "**Files:**");
        for (const change of result.changes) lines.push(`- ${change.kind} \`${change.path}\`${change.newPath ? ` → \`${change.newPath}\`` : ""}`);
    }
    lines.push("", `_${result.usage.steps} steps, ${result.usage.generatedTokens} tokens generated, ${result.usage.evaluatedTokens} prompt tokens evaluated._`);
    return lines.join("\n");
}

/** " (entry 2, edit 1)": which of the plan's entries, and which edit of it, did not apply. */
function failureWhere(failure: AgentRunResult["failures"][number]): string {
    const where = [
        ...(failure.entryIndex === null ? [] : [`entry ${failure.entryIndex + 1}`]),
        ...(failure.editIndex === null ? [] : [`edit ${failure.editIndex + 1}`]),
    ];
    return where.length === 0 ? "" : ` (${where.join(", ")})`;
}

export function transcriptConversation(title: string, instruction: string, result: AgentRunResult, now: number): Conversation {
    const reasoning = result.steps.filter((step) => step.type === "thinking").map((step) => step.text).join("\n\n");
    const answer = transcriptMarkdown(title, instruction, { ...result, steps: result.steps.filter((step) => step.type !== "thinking") });
    return {
        id: `agent-${now}`,
        title: `Agent: ${title}`,
        createdAt: now,
        updatedAt: now,
        turns: [{ id: `agent-${now}-1`, user: instruction, prompt: instruction, reasoning, answer, reasoningMs: null, state: "done", references: [], lookups: [] }],
    };
}

export function outcomeLine(result: AgentRunResult): string {
    switch (result.outcome) {
        case "proposed": return `${result.changes.length} ${result.changes.length === 1 ? "file" : "files"} changed: ${result.summary}${checkLine(result)}`;
        case "no-changes": return `no changes needed: ${result.summary}`;
        case "failed": return `failed: ${result.error ?? "unknown error"}`;
    }
}

export function checkLine(result: AgentRunResult): string {
    const check = result.verification;
    if (check === null) return "";
    if (!check.passed) return ` ✗ \`${check.command}\` still fails${check.repairs > 0 ? ` after ${check.repairs} repair ${check.repairs === 1 ? "round" : "rounds"}` : ""}.`;
    return ` ✓ \`${check.command}\` passed${check.repairs > 0 ? ` (failed first, fixed in ${check.repairs} repair ${check.repairs === 1 ? "round" : "rounds"})` : ""}.`;
}

function stepMarkdown(step: AgentStep): string[] {
    switch (step.type) {
        case "thinking": return [`> ${step.text.trim().split("\n").join("\n> ")}`];
        case "tool": return [`**${step.isError ? "✗" : "•"} ${step.summary}** (\`${step.name}\`)`, "", fence(step.result)];
        case "plan": return [`**Plan:** ${step.summary} (${step.files} ${step.files === 1 ? "file" : "files"})`];
        case "anchor-retry": return ["**Some edits did not match the files; the model was asked to correct them:**", ...step.failures.map((failure) => `- \`${failure.path}\`: ${failure.message}`)];
        case "check": return [`**Check \`${step.command}\`: ${step.passed ? "passed" : "failed"}**`, "", fence(step.output)];
        case "notice": return [`_${step.text}_`];
    }
}

function fence(text: string): string {
    const shown = text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text;
    const ticks = "`".repeat(Math.max(3, ...[...shown.matchAll(/`+/g)].map((match) => match[0].length + 1)));
    return `${ticks}text\n${shown}\n${ticks}`;
}
