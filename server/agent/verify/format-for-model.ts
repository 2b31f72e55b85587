// What the model reads about a check in the repair round: what was run, how it ended, the end of
// its output, and what to do next. Written for the model, so it names the likely cause of a
// timeout and never asks it to fix what it cannot (a refusal, a cancellation).
import type { CheckResult } from "./check-types.ts";

export function formatCheckForModel(result: CheckResult): string {
    const command = `\`${result.command}\``;
    switch (result.outcome) {
        case "passed":
            return `The check ${command} passed with the proposed changes.`;
        case "failed": {
            const limits = (result.run?.limitsHit ?? []).filter((name) => name !== "output");
            const how = limits.length > 0 ? `stopped by the sandbox's ${limits.join(", ")} limit${limits.length === 1 ? "" : "s"}`
                : result.exitCode !== null && result.run?.signal == null ? `exit ${result.exitCode}` : `killed by ${result.run?.signal ?? "a signal"}`;
            return `The check ${command} failed (${how}) on a copy of the workspace with the proposed changes applied. ${outputBlock(result.output)}\nFix the plan so the check passes.`;
        }
        case "timed-out":
            return `The check ${command} did not finish in time and was stopped. ${outputBlock(result.output)}\nA test that waits forever or loops endlessly is the likely cause. Fix the plan so the check finishes and passes.`;
        case "cancelled":
            return `The check ${command} was cancelled before it finished.`;
        case "refused":
            return `The check ${command} could not run: ${result.refused ?? "the sandbox refused it"}.`;
        case "not-run":
            return `The check ${command} could not be tried: ${result.error ?? "the changes could not be applied to a copy of the workspace"}. Fix the plan.`;
    }
}

function outputBlock(output: string): string {
    if (output.trim() === "") return "It printed nothing.";
    // A fence longer than any run of backticks in the output, so the output cannot close it.
    const longest = Math.max(2, ...[...output.matchAll(/`+/g)].map((match) => match[0].length));
    const fence = "`".repeat(longest + 1);
    return `Output (the end):\n${fence}\n${output.endsWith("\n") ? output : `${output}\n`}${fence}`;
}
