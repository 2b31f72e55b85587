// The most tolerant way a search text may match: whole lines compared with their indentation
// and trailing spaces ignored. When the model indented its search text differently from the
// file (one level short, or 2 spaces for 4), its replacement is usually indented the same wrong
// way, so the difference is carried over to the replacement.
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
        // A search ending in a line break takes the last matched line's break too; the last line
        // of a file without a final newline has none, and "line\n" still matches it.
        const end = endsWithNewline ? lines.next(last) : lines.contentEnd(last);
        const pairs = searchLines.map((line, offset) => ({ search: line, file: lines.content(first + offset) })).slice(keepFirstIndent ? 1 : 0);
        matches.push({ start, end, replace: reindent(replace, pairs, keepFirstIndent) });
    }
    return matches;
}

/**
 * `replace` re-indented the way the file's matched lines differ from the search lines: by a
 * constant extra (or missing) indentation, or by another indentation unit (2 spaces for 4, or
 * spaces for tabs), when one such rule fits every non-blank line; unchanged when none does.
 */
function reindent(replace: string, pairs: { search: string; file: string }[], skipFirstLine: boolean): string {
    const meaningful = pairs.filter((pair) => pair.search.trim() !== "").map((pair) => ({ search: leadingSpace(pair.search), file: leadingSpace(pair.file) }));
    const rule = constantShift(meaningful) ?? unitChange(meaningful);
    if (rule === null) return replace;
    const lines = replace.replaceAll("\r\n", "\n").split("\n");
    const result: string[] = [];
    for (const [index, line] of lines.entries()) {
        if ((skipFirstLine && index === 0) || line.trim() === "") {
            result.push(line);
            continue;
        }
        const indent = rule(leadingSpace(line));
        if (indent === null) return replace;
        result.push(indent + line.slice(leadingSpace(line).length));
    }
    return result.join("\n");
}

type IndentRule = (searchIndent: string) => string | null;

/** Every file line has the same extra indentation in front of its search line's, or lacks the same. */
function constantShift(pairs: { search: string; file: string }[]): IndentRule | null {
    if (pairs.length === 0) return null;
    for (const add of [true, false]) {
        const extras = pairs.map((pair) => {
            const [longer, shorter] = add ? [pair.file, pair.search] : [pair.search, pair.file];
            return longer.endsWith(shorter) ? longer.slice(0, longer.length - shorter.length) : null;
        });
        const extra = extras[0];
        if (extra === null || extra === undefined || extra === "" || !extras.every((other) => other === extra)) continue;
        return add ? (indent) => extra + indent : (indent) => (indent.startsWith(extra) ? indent.slice(extra.length) : null);
    }
    return null;
}

/**
 * File indentation made of one character (spaces or tabs) whose width is a fixed multiple of
 * the search indentation's width, plus a constant: 2-space code quoted in a 4-space file,
 * 4 spaces where the file has tabs.
 */
function unitChange(pairs: { search: string; file: string }[]): IndentRule | null {
    if (pairs.length === 0) return null;
    const fileChar = pairs.find((pair) => pair.file !== "")?.file[0] ?? " ";
    const searchChar = pairs.find((pair) => pair.search !== "")?.search[0] ?? " ";
    const uniform = (indent: string, char: string) => indent === char.repeat(indent.length);
    if (!pairs.every((pair) => uniform(pair.file, fileChar) && uniform(pair.search, searchChar))) return null;
    const widths = pairs.map((pair) => ({ search: pair.search.length, file: pair.file.length }));
    const distinct = widths.find((width) => width.search !== widths[0]!.search);
    let scale: number;
    let offset: number;
    if (distinct !== undefined) {
        scale = (distinct.file - widths[0]!.file) / (distinct.search - widths[0]!.search);
        offset = widths[0]!.file - scale * widths[0]!.search;
    } else if (widths[0]!.search > 0) {
        scale = widths[0]!.file / widths[0]!.search;
        offset = 0;
    } else return null;
    if (!(scale > 0) || !widths.every((width) => width.file === scale * width.search + offset)) return null;
    return (indent) => {
        if (!uniform(indent, searchChar)) return null;
        const width = scale * indent.length + offset;
        return Number.isInteger(width) && width >= 0 ? fileChar.repeat(width) : null;
    };
}

function leadingSpace(line: string): string {
    return /^[ \t]*/.exec(line)![0];
}
