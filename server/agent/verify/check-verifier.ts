// The verification step in the shape the agent loop takes (a command, a run over the changes,
// and the text for the model), bound to one workspace, sandbox and check.
import type { FileChange } from "../../../protocol/agent.ts";
import type { Sandbox } from "../../sandbox/index.ts";
import type { CheckCommand, CheckResult } from "./check-types.ts";
import { formatCheckForModel } from "./format-for-model.ts";
import { runCheck } from "./run-check.ts";

export interface CheckVerifier {
    readonly command: string;
    readonly why: string;
    run(changes: readonly FileChange[], signal: AbortSignal): Promise<CheckResult>;
    /** Takes back what `run` returned; a bare outcome gets a plainer text. */
    formatForModel(outcome: { passed: boolean; output: string; refused?: string }): string;
}

export function createCheckVerifier(options: { sandbox: Sandbox; workspaceRoot: string; check: CheckCommand; timeoutMs?: number }): CheckVerifier {
    const { sandbox, workspaceRoot, check } = options;
    return {
        command: check.command,
        why: check.why,
        run: (changes, signal) => runCheck({
            sandbox, workspaceRoot, changes, check, signal,
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        }),
        formatForModel: (outcome) => isCheckResult(outcome)
            ? formatCheckForModel(outcome)
            : formatCheckForModel({
                command: check.command, outcome: outcome.refused !== undefined ? "refused" : outcome.passed ? "passed" : "failed",
                passed: outcome.passed, exitCode: null, output: outcome.output, durationMs: 0,
                isolation: sandbox.capabilities.isolation, copy: { files: 0, bytes: 0, ms: 0 },
                ...(outcome.refused === undefined ? {} : { refused: outcome.refused }),
            }),
    };
}

function isCheckResult(outcome: object): outcome is CheckResult {
    return "outcome" in outcome && "copy" in outcome && "command" in outcome;
}
