// One file's list of search/replace edits, applied together: every search text is looked up
// in the text as it was before any of them, so the edits cannot see or disturb each other, and
// either all of them apply or none does.
import type { AnchorEdit, EntryFailure } from "../../../protocol/index.ts";
import { describeMiss } from "./describe-miss.ts";
import { findAnchor } from "./find-anchor.ts";
import { LineIndex } from "./line-index.ts";
import { lineList, lineRange, quote } from "./quote.ts";
import { dominantLineEnding, keepFinalNewline, withLineEnding } from "./text-shape.ts";

export type EditsResult = { ok: true; text: string } | { ok: false; failures: EntryFailure[] };

interface Placed {
    index: number;
    start: number;
    end: number;
    replace: string;
}

/** `text` with every edit applied, or a failure for each edit that could not be placed. */
export function applyEdits(path: string, text: string, edits: readonly AnchorEdit[]): EditsResult {
    const failures: EntryFailure[] = [];
    const placed: Placed[] = [];
    edits.forEach((edit, index) => {
        const name = `Edit ${index + 1} of ${edits.length} (search text starting ${quote(edit.search.trimStart())})`;
        const match = findAnchor(text, edit.search, edit.replace);
        if (match.kind === "unique") placed.push({ index, start: match.start, end: match.end, replace: match.replace });
        else if (match.kind === "ambiguous") {
            const how = match.tolerance === "indentation" ? " when indentation is ignored" : "";
            failures.push({ path, editIndex: index, reason: "ambiguous", message: `${name} occurs ${match.lines.length} times in ${path}${how}, at lines ${lineList(match.lines)}; it must occur exactly once.` });
        } else failures.push({ path, editIndex: index, reason: "not-found", message: `${name} was not found in ${path}. ${describeMiss(text, edit.search)}` });
    });

    const lines = new LineIndex(text);
    placed.sort((a, b) => a.start - b.start);
    for (let later = 1; later < placed.length; later++) {
        const current = placed[later]!;
        const earlier = placed.slice(0, later).find((other) => other.end > current.start);
        if (earlier === undefined) continue;
        const [first, second] = earlier.index < current.index ? [earlier, current] : [current, earlier];
        const shared = lineRange(lines.lineOf(current.start) + 1, lines.lineOf(Math.min(earlier.end, current.end) - 1) + 1);
        failures.push({ path, editIndex: second.index, reason: "overlap", message: `Edit ${second.index + 1} of ${edits.length} in ${path} changes text that edit ${first.index + 1} also changes (line ${shared}); edits of one file must not overlap.` });
    }
    if (failures.length > 0) return { ok: false, failures: failures.sort((a, b) => (a.editIndex ?? 0) - (b.editIndex ?? 0)) };

    const ending = dominantLineEnding(text);
    let result = "";
    let copied = 0;
    for (const edit of placed) {
        result += text.slice(copied, edit.start) + withLineEnding(edit.replace, ending);
        copied = edit.end;
    }
    result += text.slice(copied);
    return { ok: true, text: keepFinalNewline(text, result, ending) };
}
