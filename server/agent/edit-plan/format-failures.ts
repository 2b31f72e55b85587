// The message that goes back to the model when its plan did not apply: for each failure, the
// file and which entry of the plan, the edit, what went wrong and what came closest, then what to do for the one retry.
import type { AnchorFailure } from "../../../protocol/index.ts";

const ADVICE: Record<AnchorFailure["reason"], string> = {
    "not-found": "Read the file again and copy the search text exactly from it, whole lines, including indentation.",
    ambiguous: "Add a few neighbouring lines to the search text so that it occurs exactly once.",
    overlap: "Merge the overlapping edits into one edit.",
    "missing-file": "Check the path by listing the files; to create a file use \"write\" with its whole content.",
    exists: "Choose a path where no file exists, or use \"write\" to replace that file's content.",
    "outside-workspace": "Use a path relative to the workspace folder, with \"/\" and without \"..\".",
    conflict: "Give each file one entry in the plan.",
};

/** Plain text telling the model which parts of its edit plan failed and how to fix them. */
export function formatFailuresForModel(failures: readonly AnchorFailure[]): string {
    if (failures.length === 0) return "Every edit of the plan applied.";
    const problems = failures.length === 1 ? "1 problem" : `${failures.length} problems`;
    const lines = [`Your edit plan was not applied: it has ${problems}, and a plan is applied only as a whole. No file was changed.`, ""];
    for (const group of groupByEntry(failures)) {
        const { path, entryIndex } = group[0]!;
        // The entry's number tells apart two entries of one plan for the same file.
        lines.push(entryIndex === null ? `${path}:` : `${path} (entry ${entryIndex + 1} of the plan's files):`);
        for (const failure of group) lines.push(`- [${failure.reason}] ${failure.message}`);
        const advice = new Set(group.map((failure) => ADVICE[failure.reason]));
        for (const line of advice) lines.push(`  What to do: ${line}`);
        lines.push("");
    }
    lines.push("Answer with the complete corrected edit plan: every file it changes, including those that had no problem.");
    return lines.join("\n");
}

/** Failures of one plan entry together (a rename's two paths stay apart), in first-seen order. */
function groupByEntry(failures: readonly AnchorFailure[]): AnchorFailure[][] {
    const groups = new Map<string, AnchorFailure[]>();
    for (const failure of failures) {
        const key = `${failure.entryIndex ?? "plan"}\0${failure.path}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [failure]);
        else group.push(failure);
    }
    return [...groups.values()];
}
