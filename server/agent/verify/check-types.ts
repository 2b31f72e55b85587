// The shapes the verification step works with: the check a workspace has, and what running it on
// a throwaway copy with the proposed edits gave. The agent loop shows `command` to the user and
// feeds `output` back to the model after a failure.
import type { SandboxIsolation, SandboxRunResult } from "../../../protocol/sandbox.ts";

export interface CheckCommand {
    /** Shell text, run in the copy's root folder and shown to the user as is (e.g. "npm test"). */
    readonly command: string;
    /** Why this check was chosen, for the user: e.g. `package.json script "test"`. */
    readonly why: string;
    /** The versioned toolchain folder outside /usr its tool lives in (nvm's node), bound read-only for the run. */
    readonly toolchain?: string;
}

/**
 * How a check ended. "refused": the sandbox would not run it (off, untrusted, not approved);
 * "not-run": the copy could not be prepared (e.g. an edit leads outside the workspace).
 */
export type CheckOutcomeKind = "passed" | "failed" | "timed-out" | "cancelled" | "refused" | "not-run";

export interface CheckResult {
    readonly command: string;
    readonly outcome: CheckOutcomeKind;
    /** True only when the check ran to the end and exited 0. */
    readonly passed: boolean;
    /** null when it did not exit by itself (killed, refused, not run). */
    readonly exitCode: number | null;
    /** The end of what the check printed (stdout and stderr in order), cut to a budget with a marker. */
    readonly output: string;
    /** Wall time of the check itself, without preparing the copy. */
    readonly durationMs: number;
    /** bubblewrap, or none (a run the user approved outside the sandbox). */
    readonly isolation: SandboxIsolation;
    /** Set when the sandbox refused: its words, for the user (the plan is then shown unverified). */
    readonly refused?: string;
    /** Set when the check could not be prepared (outcome "not-run"). */
    readonly error?: string;
    /** The copy the check ran on: files and bytes written to the scratch folder, and how long that took. */
    readonly copy: { readonly files: number; readonly bytes: number; readonly ms: number };
    /** The sandbox's own record of the run, for the transcript; absent when nothing ran. */
    readonly run?: SandboxRunResult;
}
