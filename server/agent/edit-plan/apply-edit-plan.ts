// An edit plan from the model turned into the file changes the user reviews. Nothing here
// writes a file: the result goes to the editor, which applies it only after the user accepts.
import type { AnchorFailure, EditPlan, FileChange } from "../../../protocol/index.ts";
import { applyFilePlan } from "./apply-file-plan.ts";
import type { FileSource } from "./file-source.ts";
import { PlanWorkspace } from "./plan-workspace.ts";

export interface EditPlanResult {
    /** One change per file that ends up different, in the order they must be applied. */
    changes: FileChange[];
    /** Everything that did not apply; empty when the whole plan did. */
    failures: AnchorFailure[];
}

/**
 * Applies `plan` to the files as `files` reads them, in memory.
 *
 * A plan is all or nothing: when `failures` is not empty the plan must not be applied at all,
 * not even the files listed in `changes` (they are there to be shown next to the failures).
 * The caller sends the failures to the model (formatFailuresForModel) for a corrected plan.
 *
 * - An "edit" entry's search texts are each looked up once in the file as it is before that
 *   entry, must occur exactly once, and are replaced together; an entry with any failing or
 *   overlapping edit changes nothing. A search text missing as written still matches when it
 *   differs from the file only in line endings (CRLF/LF), or only in indentation and trailing
 *   spaces of whole lines, if that match is unique; the replacement is then written in the
 *   file's line endings and shifted by the same indentation difference.
 * - Edited and rewritten files keep their line endings, their final newline (or its absence)
 *   and a byte-order mark.
 * - "write" replaces an existing file (modify) or creates a missing one; "delete" of a missing
 *   file is "missing-file"; "rename" onto an existing file is "exists".
 * - Several entries for one path apply in order, each seeing what the earlier ones left (edit
 *   after write, rename then edit under the new name...); an entry on a path an earlier one
 *   removed is a "conflict". The changes describe the end state: a file renamed and edited is
 *   one "rename" with new content; created then deleted is nothing.
 * - Absolute paths, paths leaving the workspace with "..", and paths the source refuses (a
 *   symbolic link out of the workspace) are "outside-workspace".
 */
export async function applyEditPlan(plan: EditPlan, files: FileSource): Promise<EditPlanResult> {
    const workspace = new PlanWorkspace(files);
    const failures: AnchorFailure[] = [];
    for (const [entryIndex, entry] of plan.files.entries()) {
        for (const failure of await applyFilePlan(workspace, entry)) failures.push({ ...failure, entryIndex });
    }
    const { changes, conflicts } = workspace.changes();
    return { changes, failures: [...failures, ...conflicts] };
}
