// Where one search text sits in a file. Tried from strict to tolerant, and the first way that
// finds the text at all decides: exactly as written; then with CRLF and LF treated alike
// (models write "\n" whatever the file uses); then line by line with indentation and trailing
// spaces ignored (models often get indentation wrong). A tolerant way is never used to break a
// tie that a stricter way found ambiguous.
import { isGraphemeBoundary } from "./grapheme.ts";
import { LineIndex } from "./line-index.ts";
import { findIgnoringIndentation } from "./tolerant-match.ts";

export type Tolerance = "exact" | "line-endings" | "indentation";

export type AnchorMatch =
    | {
          kind: "unique";
          start: number;
          end: number;
          /** The replacement to put there, re-indented when the match was by indentation. */
          replace: string;
          tolerance: Tolerance;
      }
    /** 1-based line numbers where the search text starts. */
    | { kind: "ambiguous"; lines: number[]; tolerance: Tolerance }
    | { kind: "none" };

/** Occurrences beyond this many are not listed: the answer is "ambiguous" either way. */
const MAX_LISTED = 20;

/** Finds `search` in `text`; `replace` is what the edit puts in its place. */
export function findAnchor(text: string, search: string, replace: string): AnchorMatch {
    const lines = new LineIndex(text);
    const exact = occurrences(text, search);
    if (exact.length > 0) return decide(exact.map((start) => ({ start, end: start + search.length })), lines, replace, "exact");

    if (text.includes("\r") || search.includes("\r")) {
        const folded = foldLineEndings(text);
        const foldedSearch = search.replaceAll("\r\n", "\n");
        const found = occurrences(folded.text, foldedSearch).map((start) => ({ start: folded.offsets[start]!, end: folded.offsets[start + foldedSearch.length]! }));
        const valid = found.filter((range) => isGraphemeBoundary(text, range.start) && isGraphemeBoundary(text, range.end));
        if (valid.length > 0) return decide(valid, lines, replace, "line-endings");
    }

    const tolerant = findIgnoringIndentation(lines, search, replace);
    if (tolerant.length === 1) return { kind: "unique", ...tolerant[0]!, tolerance: "indentation" };
    if (tolerant.length > 1) return { kind: "ambiguous", lines: tolerant.map((match) => lines.lineOf(match.start) + 1), tolerance: "indentation" };
    return { kind: "none" };
}

function decide(ranges: { start: number; end: number }[], lines: LineIndex, replace: string, tolerance: Tolerance): AnchorMatch {
    if (ranges.length === 1) return { kind: "unique", ...ranges[0]!, replace, tolerance };
    return { kind: "ambiguous", lines: ranges.map((range) => lines.lineOf(range.start) + 1), tolerance };
}

/** Start offsets of `search` in `text` (overlapping ones too) that do not cut a character. */
function occurrences(text: string, search: string): number[] {
    const found: number[] = [];
    for (let at = text.indexOf(search); at !== -1 && found.length < MAX_LISTED; at = text.indexOf(search, at + 1)) {
        if (isGraphemeBoundary(text, at) && isGraphemeBoundary(text, at + search.length)) found.push(at);
    }
    return found;
}

/**
 * `text` with each CRLF as a single "\n", and for every offset of that text (one past the end
 * included) the offset in `text` it came from, so a match maps back onto the real file.
 */
function foldLineEndings(text: string): { text: string; offsets: Int32Array } {
    const offsets = new Int32Array(text.length + 1);
    let folded = "";
    let length = 0;
    let chunkStart = 0;
    for (let index = 0; index < text.length; index++) {
        if (text[index] === "\r" && text[index + 1] === "\n") {
            folded += text.slice(chunkStart, index);
            chunkStart = index + 1;
            continue;
        }
        offsets[length++] = text[index - 1] === "\r" && text[index] === "\n" ? index - 1 : index;
    }
    folded += text.slice(chunkStart);
    offsets[length] = text.length;
    return { text: folded, offsets: offsets.subarray(0, length + 1) };
}
