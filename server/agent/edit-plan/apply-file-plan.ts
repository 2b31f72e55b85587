// One entry of an edit plan (edit, write, delete or rename one file) carried out on the plan's
// in-memory workspace, or the reasons it cannot be. An entry that fails leaves the workspace as
// it was, so later entries and the final changes only ever see entries that applied whole.
import type { EntryFailure, FilePlan } from "../../../protocol/index.ts";
import { applyEdits } from "./apply-edits.ts";
import { findAnchor } from "./find-anchor.ts";
import { PathRefusedError } from "./file-source.ts";
import { LineIndex } from "./line-index.ts";
import type { PlanFile, PlanWorkspace } from "./plan-workspace.ts";
import { fitToFile } from "./text-shape.ts";
import { checkWorkspacePath } from "./workspace-path.ts";

/** What a path that cannot be read means depends on whether the entry reads it or writes it. */
type Role = "source" | "target";

type Looked = { ok: true; path: string; file: PlanFile | null } | { ok: false; failure: EntryFailure };

export async function applyFilePlan(workspace: PlanWorkspace, entry: FilePlan): Promise<EntryFailure[]> {
    switch (entry.action) {
        case "edit": {
            const looked = await look(workspace, entry.path, "source");
            if (!looked.ok) return [looked.failure];
            if (looked.file === null) return [absent(workspace, looked.path)];
            const result = applyEdits(looked.path, looked.file.text, entry.edits);
            if (!result.ok) return result.failures.map((failure) => withEarlierEntryHint(workspace, looked.path, failure, entry.edits[failure.editIndex ?? 0]!));
            workspace.set(looked.path, { origin: looked.file.origin, text: result.text });
            return [];
        }
        case "write": {
            const looked = await look(workspace, entry.path, "target");
            if (!looked.ok) return [looked.failure];
            if (looked.file !== null) {
                workspace.set(looked.path, { origin: looked.file.origin, text: fitToFile(looked.file.text, entry.content) });
                return [];
            }
            // Written again after the plan deleted it, the file is modified, not deleted and created.
            const revived = workspace.existedBefore(looked.path) && workspace.whereIs(looked.path) === null;
            workspace.set(looked.path, { origin: revived ? looked.path : null, text: entry.content });
            return [];
        }
        case "delete": {
            const looked = await look(workspace, entry.path, "source");
            if (!looked.ok) return [looked.failure];
            if (looked.file === null) return [absent(workspace, looked.path)];
            workspace.set(looked.path, null);
            return [];
        }
        case "rename": {
            const from = await look(workspace, entry.path, "source");
            const to = await look(workspace, entry.newPath, "target");
            const refused = [from, to].flatMap((looked) => (looked.ok ? [] : [looked.failure]));
            if (!from.ok || !to.ok) return refused;
            if (from.path === to.path) return [];
            if (from.file === null) return [absent(workspace, from.path)];
            if (to.file !== null) {
                const byPlan = to.file.origin !== to.path;
                return [{
                    path: from.path,
                    editIndex: null,
                    reason: byPlan ? "conflict" : "exists",
                    message: byPlan
                        ? `${from.path} cannot be renamed to ${to.path}: an earlier entry of this plan puts a file there.`
                        : `${from.path} cannot be renamed to ${to.path}: that file already exists. Delete or write it instead, or choose another name.`,
                }];
            }
            workspace.set(from.path, null);
            workspace.set(to.path, from.file);
            return [];
        }
    }
}

async function look(workspace: PlanWorkspace, raw: string, role: Role): Promise<Looked> {
    const checked = checkWorkspacePath(raw);
    if (!checked.ok) return { ok: false, failure: { path: raw, editIndex: null, reason: "outside-workspace", message: checked.message } };
    try {
        return { ok: true, path: checked.path, file: await workspace.get(checked.path) };
    } catch (error) {
        const refusal = error instanceof PathRefusedError ? error.reason : "unreadable";
        const message = error instanceof Error ? error.message : String(error);
        const reason = refusal === "outside-workspace" ? "outside-workspace" : role === "target" ? "exists" : "missing-file";
        return { ok: false, failure: { path: checked.path, editIndex: null, reason, message } };
    }
}

/** No file at `path`: never there (missing-file), or removed by an earlier entry (conflict). */
function absent(workspace: PlanWorkspace, path: string): EntryFailure {
    if (workspace.existedBefore(path)) {
        return { path, editIndex: null, reason: "conflict", message: `An earlier entry of this plan deletes or renames ${path}, so a later entry cannot change it.` };
    }
    return { path, editIndex: null, reason: "missing-file", message: `${path} does not exist. To create it, use action "write" with its whole content; to find the right path, list the files.` };
}

/**
 * Entries for one path apply in order, so a later entry's search text must match the file as
 * the earlier entries left it; a model that copied it from the file as it was gets told so.
 */
function withEarlierEntryHint(workspace: PlanWorkspace, path: string, failure: EntryFailure, edit: { search: string; replace: string }): EntryFailure {
    if (failure.reason !== "not-found") return failure;
    const before = workspace.originalText(path);
    if (before === null) return failure;
    const match = findAnchor(before, edit.search, edit.replace);
    if (match.kind !== "unique") return failure;
    const line = new LineIndex(before).lineOf(match.start) + 1;
    return { ...failure, message: `${failure.message} It does match line ${line} of the file as it was before an earlier entry of this plan changed it: the entries for one file apply in order, so put all of its edits in one entry.` };
}
