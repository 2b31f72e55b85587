// The most tolerant way a search text may match: whole lines compared with their indentation
// and trailing spaces ignored. When the model indented its search text differently from the
// file (2 spaces for 4, or none at all), its replacement is usually indented the same wrong way,
// so the difference is carried over to the replacement.
import { LineIndex } from "./line-index.ts";

export interface TolerantMatch {
    start: number;
    end: number;
    replace: string;
}

/** Every place the lines of `search` match lines of the file, indentation and trailing spaces aside. */
export function findIgnoringIndentation(lines: LineIndex, search: string, replace: string): TolerantMatch[] {
    const searchLines = search.replaceAll("\r\n", "\n").split("\n");
    const endsWithNewline = searchLines.length > 1 && searchLines.at(-1) === "";
    if (endsWithNewline) searchLines.pop();
    if (searchLines.every((line) => line.trim() === "")) return [];
    const wanted = searchLines.map((line) => line.trim());

    const matches: TolerantMatch[] = [];
    for (let first = 0; first + wanted.length <= lines.count; first++) {
        if (!wanted.every((line, offset) => lines.content(first + offset).trim() === line)) continue;
        const last = first + wanted.length - 1;
        // A search text whose first line has no indentation was probably copied from after the
        // file's indentation: keep that indentation and leave the first line's alone.
        const keepFirstIndent = leadingSpace(searchLines[0]!) === "";
        const firstLine = lines.content(first);
        const start = lines.start(first) + (keepFirstIndent ? leadingSpace(firstLine).length : 0);
        // At the end of a file without a final newline, "line\n" still means that last line.
        const end = endsWithNewline ? lines.next(last) : lines.contentEnd(last);
        const pairs = searchLines.map((line, offset) => ({ search: line, file: lines.content(first + offset) })).slice(keepFirstIndent ? 1 : 0);
        matches.push({ start, end, replace: reindent(replace, pairs, keepFirstIndent) });
    }
    return matches;
}

/**
 * `replace` shifted by the indentation the file has and the search text lacked (or the other
 * way round), when that difference is the same on every non-blank line; unchanged otherwise.
 */
function reindent(replace: string, pairs: { search: string; file: string }[], skipFirstLine: boolean): string {
    const shift = commonShift(pairs.filter((pair) => pair.search.trim() !== ""));
    if (shift === null) return replace;
    return replace
        .replaceAll("\r\n", "\n")
        .split("\n")
        .map((line, index) => {
            if ((skipFirstLine && index === 0) || line.trim() === "") return line;
            if (shift.add) return shift.prefix + line;
            return line.startsWith(shift.prefix) ? line.slice(shift.prefix.length) : line;
        })
        .join("\n");
}

/** The indentation every file line has in front of its search line's (add), or the reverse. */
function commonShift(pairs: { search: string; file: string }[]): { add: boolean; prefix: string } | null {
    if (pairs.length === 0) return null;
    for (const add of [true, false]) {
        let prefix: string | null = null;
        for (const pair of pairs) {
            const longer = leadingSpace(add ? pair.file : pair.search);
            const shorter = leadingSpace(add ? pair.search : pair.file);
            const extra = longer.endsWith(shorter) ? longer.slice(0, longer.length - shorter.length) : null;
            if (extra === null || (prefix !== null && extra !== prefix)) {
                prefix = null;
                break;
            }
            prefix = extra;
        }
        if (prefix !== null && prefix !== "") return { add, prefix };
    }
    return null;
}

function leadingSpace(line: string): string {
    return /^[ \t]*/.exec(line)![0];
}
