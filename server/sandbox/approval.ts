// Asking the user before a run. The callback sees the exact code, command line and folder, frozen
// so it cannot be altered between the question and the run, and only a literal `true` counts as
// yes: a missing callback, a thrown error, a timeout on the user's side or any other value is no.
import type { SandboxApprovalParams } from "../../protocol/sandbox.ts";

export type Approver = (request: Readonly<SandboxApprovalParams>) => boolean | Promise<boolean>;

export async function askApproval(approve: Approver | undefined, params: SandboxApprovalParams): Promise<boolean> {
    if (approve === undefined) return false;
    const frozen: Readonly<SandboxApprovalParams> = Object.freeze({ ...params, argv: Object.freeze([...params.argv]) as string[] });
    try {
        return (await approve(frozen)) === true;
    } catch {
        return false;
    }
}
