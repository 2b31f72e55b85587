// How an agent task's request ended, told apart: the user cancelled it (nothing was written),
// it failed (the error is shown, and only that), or it produced a result to review. A failure
// used to be folded into "cancelled", so the user read an error and then "was cancelled".
import { RequestCancelledError, type AgentRunResult } from "../../protocol/index.ts";

export type TaskOutcome =
    | { kind: "done"; result: AgentRunResult }
    | { kind: "cancelled" }
    | { kind: "failed"; error: unknown };

/** Runs the task's request; `cancelled` says whether the user asked to stop it. */
export async function settleTask(run: () => Promise<AgentRunResult>, cancelled: () => boolean): Promise<TaskOutcome> {
    try {
        return { kind: "done", result: await run() };
    } catch (error) {
        if (error instanceof RequestCancelledError || cancelled()) return { kind: "cancelled" };
        return { kind: "failed", error };
    }
}
