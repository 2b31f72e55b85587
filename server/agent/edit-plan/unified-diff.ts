// A file change as a unified diff, for the task's transcript and progress: the text people and
// models both read well. Line endings are left out of the comparison so a CRLF file reads like
// any other.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { FileChange } from "../../../protocol/index.ts";

/** Lines of unchanged context around each change. */
const CONTEXT = 3;

/** `--- a/path` / `+++ b/path` headers and hunks; a pure rename is its headers and a note. */
export function unifiedDiff(change: FileChange): string {
    const oldName = change.kind === "create" ? "/dev/null" : `a/${change.path}`;
    const newName = change.kind === "delete" ? "/dev/null" : `b/${change.newPath ?? change.path}`;
    const patch = createTwoFilesPatch(oldName, newName, change.before ?? "", change.after ?? "", undefined, undefined, {
        context: CONTEXT,
        stripTrailingCr: true,
        headerOptions: FILE_HEADERS_ONLY,
    });
    if (change.kind === "rename" && change.before === change.after) return `${patch}(renamed, content unchanged)\n`;
    return patch;
}
