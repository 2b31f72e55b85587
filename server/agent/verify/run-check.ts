// Runs the workspace's check on a throwaway copy with the proposed changes applied, in the
// sandbox, and says how it went. The real workspace is only ever read: the changes go into a
// private temporary copy (scratch-copy.ts, apply-changes.ts), which the sandbox mounts read-only
// and copies once more into its own tmpfs before the check starts ("copy" workspace mode).
import { join } from "node:path";
import type { FileChange } from "../../../protocol/agent.ts";
import type { SandboxLimitsOverride, SandboxRunResult } from "../../../protocol/sandbox.ts";
import { SandboxRefusedError, stoppingLimits, WorkspaceError, type Sandbox } from "../../sandbox/index.ts";
import { applyChanges, ChangeRejectedError } from "./apply-changes.ts";
import type { CheckCommand, CheckOutcomeKind, CheckResult } from "./check-types.ts";
import { cleanOutput, DEFAULT_OUTPUT_CHARS, tailForModel } from "./check-output.ts";
import { makeScratchCopy, WorkspaceUnavailableError, type ScratchCopy } from "./scratch-copy.ts";

export const DEFAULT_CHECK_TIMEOUT_MS = 120_000;

export interface RunCheckParams {
    sandbox: Sandbox;
    workspaceRoot: string;
    changes: readonly FileChange[];
    check: CheckCommand;
    signal: AbortSignal;
    /** Wall-clock limit of the check (default 120 s); the whole process tree is killed at it. */
    timeoutMs?: number;
    /** How much of the output's end is kept for the model (default 4,000 characters). */
    outputChars?: number;
}

/**
 * The environment every check gets, on top of the sandbox's own: non-interactive, no colours,
 * no network attempts that would only time out (npm's update and audit calls, Go toolchain
 * downloads, cargo's index), and all output on one stream so it reads in order.
 */
export function checkScript(command: string): string {
    return [
        "# The check, on a throwaway copy of the workspace with the proposed edits applied.",
        "export CI=true NO_COLOR=1 FORCE_COLOR=0 PYTHONDONTWRITEBYTECODE=1",
        "export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm_config_progress=false",
        "export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CARGO_NET_OFFLINE=true",
        "exec 2>&1",
        // A pipeline fails when any part of it fails: `npm test | tee log` stopped by a limit must not read as passed.
        "set -o pipefail",
        command,
    ].join("\n");
}

/** Limits for a check: the wall clock is what stops it, and test runners start many processes. */
function checkLimits(timeoutMs: number, copiedBytes: number): SandboxLimitsOverride {
    const mib = 1024 * 1024;
    return {
        timeoutMs,
        cpuSeconds: Math.min(3_600, Math.ceil(timeoutMs / 1000) + 1),
        processes: 512,
        memoryBytes: 4 * 1024 * mib,
        // The sandbox copies the workspace into a tmpfs of this size: room for the copy and what the check writes.
        scratchBytes: Math.min(16 * 1024 * mib, Math.max(256 * mib, copiedBytes * 2 + 64 * mib)),
    };
}

export async function runCheck(params: RunCheckParams): Promise<CheckResult> {
    const { sandbox, check, signal } = params;
    const timeoutMs = params.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const budget = params.outputChars ?? DEFAULT_OUTPUT_CHARS;
    const base = { command: check.command, isolation: sandbox.capabilities.isolation };
    const noCopy = { files: 0, bytes: 0, ms: 0 };
    if (signal.aborted) return notRun(base, "cancelled", noCopy, {});

    let copy: ScratchCopy;
    try {
        copy = await makeScratchCopy(params.workspaceRoot, signal);
    } catch (error) {
        if (signal.aborted) return notRun(base, "cancelled", noCopy, {});
        if (error instanceof WorkspaceUnavailableError) return notRun(base, "not-run", noCopy, { error: error.message });
        throw error;
    }
    const copyStats = { files: copy.files, bytes: copy.bytes, ms: copy.ms };
    try {
        await applyChanges(copy.root, params.changes, copy.linked);
        if (signal.aborted) return notRun(base, "cancelled", copyStats, {});
        let run: SandboxRunResult;
        try {
            run = await sandbox.run({
                language: "shell",
                code: checkScript(check.command),
                workspace: { path: copy.root, mode: "copy" },
                // The real workspace's node_modules, bound read-only (the copy holds none).
                ...(copy.linked.has("node_modules") ? { trustedNodeModules: join(params.workspaceRoot, "node_modules") } : {}),
                // The check's own tool when a version manager installed it (found by the host probe, never asked for).
                ...(check.toolchain === undefined ? {} : { trustedToolchain: check.toolchain }),
                limits: checkLimits(timeoutMs, copy.bytes),
                signal,
            });
        } catch (error) {
            if (error instanceof SandboxRefusedError) return notRun(base, "refused", copyStats, { refused: error.message });
            if (error instanceof WorkspaceError) return notRun(base, "not-run", copyStats, { error: error.message });
            throw error;
        }
        return fromRun(base, run, copyStats, timeoutMs, budget);
    } catch (error) {
        if (error instanceof ChangeRejectedError) return notRun(base, "not-run", copyStats, { error: error.message });
        throw error;
    } finally {
        await copy.dispose();
    }
}

type Base = Pick<CheckResult, "command" | "isolation">;

function notRun(base: Base, outcome: CheckOutcomeKind, copy: CheckResult["copy"], extra: { refused?: string; error?: string }): CheckResult {
    return { ...base, outcome, passed: false, exitCode: null, output: "", durationMs: 0, copy, ...extra };
}

function fromRun(base: Base, run: SandboxRunResult, copy: CheckResult["copy"], timeoutMs: number, budget: number): CheckResult {
    // A limit (memory, processes, file size, scratch, CPU) that a check ran into fails it, whatever its exit code said.
    const stoppedBy = stoppingLimits(run.limitsHit);
    const outcome: CheckOutcomeKind = run.killedReason === "timeout" ? "timed-out"
        : run.killedReason === "aborted" ? "cancelled"
        : run.exitCode === 0 && run.signal === null && stoppedBy.length === 0 ? "passed"
        : "failed";
    // The sandbox's own notes (an incomplete copy) come on stderr before the check starts; the check's output is all on stdout.
    let text = cleanOutput(run.stderr + run.stdout);
    const ending = [endingNote(run, timeoutMs), limitNote(run, stoppedBy)].filter((line) => line !== null).join("\n") || null;
    if (ending !== null) text = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${ending}`;
    return {
        ...base,
        isolation: run.isolation,
        outcome,
        passed: outcome === "passed",
        exitCode: run.exitCode,
        output: tailForModel(text, budget),
        durationMs: run.durationMs,
        copy,
        run,
    };
}

/** A line saying why the check ended when it did not simply exit, so the output itself tells it. */
function endingNote(run: SandboxRunResult, timeoutMs: number): string | null {
    switch (run.killedReason) {
        case "timeout": return `[the check was stopped: still running after ${formatSeconds(timeoutMs)}, the time limit]`;
        case "aborted": return "[the check was cancelled]";
        case "cpu-limit": return "[the check was stopped: a process used up its CPU time limit]";
        case "file-size-limit": return "[the check was stopped: a process wrote a file larger than the file-size limit]";
        default: return run.signal === null ? null : `[the check was killed by ${run.signal}]`;
    }
}

/** Which limits the check ran into, in the sandbox's own words (limit-report.ts), when the ending line does not already say it. */
function limitNote(run: SandboxRunResult, stoppedBy: readonly string[]): string | null {
    const named = stoppedBy.filter((name) => name !== "timeout" && !(name === "cpu" && run.killedReason === "cpu-limit") && !(name === "file-size" && run.killedReason === "file-size-limit"));
    if (named.length === 0) return null;
    return `[the check ran into a sandbox limit, so it counts as failed: ${named.join(", ")}${run.notice === undefined ? "" : `. ${run.notice}`}]`;
}

export function formatSeconds(ms: number): string {
    const seconds = ms / 1000;
    return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
