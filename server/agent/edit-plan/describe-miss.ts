// What to tell the model (and the user) when a search text is not in the file: the nearest
// thing that is. A model that is told "lines 1–3 match at line 40 but your line 4 differs
// from the file's line 43" can fix its anchor; one told "not found" usually guesses again.
import { LineIndex } from "./line-index.ts";
import { lineRange, quote } from "./quote.ts";

/** Search lines this common (blank, "}", "end") say nothing about where the text belongs. */
const MIN_RUN_LINE = 4;
/** A found start of the search text shorter than this is coincidence, not a near miss. */
const MIN_PREFIX = 6;
/** Below this similarity the "closest line" is no closer than any other. */
const MIN_SIMILARITY = 0.5;

/** One or two sentences on what in `text` comes closest to `search`. */
export function describeMiss(text: string, search: string): string {
    if (text === "") return "The file is empty.";
    const file = new LineIndex(text.replaceAll("\r\n", "\n"));
    const wanted = search.replaceAll("\r\n", "\n");
    return spacingHint(file, wanted) ?? runHint(file, wanted) ?? prefixHint(file, wanted) ?? closestLineHint(file, wanted);
}

/** The search text found once all whitespace (spaces, tabs, line breaks) is left out of both. */
function spacingHint(file: LineIndex, search: string): string | null {
    const squeezedSearch = search.replace(/\s+/g, "");
    if (squeezedSearch === "") return null;
    const offsets: number[] = [];
    let squeezed = "";
    for (const match of file.text.matchAll(/\S+/g)) {
        squeezed += match[0];
        for (let index = 0; index < match[0].length; index++) offsets.push(match.index + index);
    }
    const places: string[] = [];
    for (let at = squeezed.indexOf(squeezedSearch); at !== -1 && places.length < 8; at = squeezed.indexOf(squeezedSearch, at + 1)) {
        places.push(lineRange(file.lineOf(offsets[at]!) + 1, file.lineOf(offsets[at + squeezedSearch.length - 1]!) + 1));
    }
    if (places.length === 0) return null;
    const where = places.length > 1 ? `several places (lines ${places.join(", ")})` : places[0]!.includes("–") ? `lines ${places[0]}` : `line ${places[0]}`;
    return `It does match ${where} when spaces, tabs and line breaks are ignored: the spacing or line breaks inside it differ from the file's.`;
}

/** The longest run of consecutive search lines found in the file, and the line where it stops. */
function runHint(file: LineIndex, search: string): string | null {
    const searchLines = search.split("\n");
    if (searchLines.length > 1 && searchLines.at(-1) === "") searchLines.pop();
    if (searchLines.length < 2) return null;
    const fileLines = Array.from({ length: file.count }, (_, line) => file.content(line).trim());
    const where = new Map<string, number[]>();
    fileLines.forEach((line, index) => {
        const list = where.get(line);
        if (list === undefined) where.set(line, [index]);
        else list.push(index);
    });

    let best: { from: number; at: number; length: number } | null = null;
    for (let from = 0; from < searchLines.length; from++) {
        const line = searchLines[from]!.trim();
        if (line.length < MIN_RUN_LINE) continue;
        for (const at of where.get(line) ?? []) {
            let length = 1;
            while (from + length < searchLines.length && at + length < fileLines.length && fileLines[at + length] === searchLines[from + length]!.trim()) length++;
            if (best === null || length > best.length) best = { from, at, length };
        }
    }
    if (best === null) return null;
    const { from, at, length } = best;
    const matched = `${length === 1 ? "Line" : "Lines"} ${lineRange(from + 1, from + length)} of the search text ${length === 1 ? "matches" : "match"} the file's ${length === 1 ? "line" : "lines"} ${lineRange(at + 1, at + length)}`;
    if (from + length < searchLines.length) {
        const next = at + length;
        if (next >= file.count) return `${matched}, but the file ends there while the search text goes on with ${quote(searchLines[from + length]!)}.`;
        return `${matched}, but its line ${from + length + 1} ${quote(searchLines[from + length]!)} differs from the file's line ${next + 1} ${quote(file.content(next))}.`;
    }
    if (at === 0) return `${matched}, but the file has nothing before them while the search text starts with ${quote(searchLines[0]!)}.`;
    return `${matched}, but its line ${from} ${quote(searchLines[from - 1]!)} differs from the file's line ${at} ${quote(file.content(at - 1))}.`;
}

/** The longest beginning of the search text that occurs in the file, and what follows there. */
function prefixHint(file: LineIndex, search: string): string | null {
    // Whether a prefix occurs only gets less likely as it grows, so a binary search finds the longest.
    let low = 0;
    let high = search.length;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (file.text.includes(search.slice(0, middle))) low = middle;
        else high = middle - 1;
    }
    const found = search.slice(0, low);
    if (found.trim().length < MIN_PREFIX) return null;
    const at = file.text.indexOf(found);
    const line = file.lineOf(at);
    const places = countOccurrences(file.text, found);
    const fileGoesOn = file.text.slice(at + low, file.contentEnd(file.lineOf(at + low)));
    const searchGoesOn = search.slice(low);
    const elsewhere = places > 1 ? ` (and in ${places - 1} more ${places === 2 ? "place" : "places"})` : "";
    return `Its beginning ${quote(lastLine(found))} is found at line ${line + 1}${elsewhere}; after it the file has ${fileGoesOn !== "" ? quote(fileGoesOn) : at + low >= file.text.length ? "its end" : "a line break"} where the search text has ${searchGoesOn.startsWith("\n") ? "a line break" : quote(searchGoesOn)}.`;
}

/** The file line most like the search text's first non-blank line. */
function closestLineHint(file: LineIndex, search: string): string {
    const first = search.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
    let best = { line: -1, score: 0 };
    for (let line = 0; line < file.count; line++) {
        const score = similarity(first, file.content(line).trim());
        if (score > best.score) best = { line, score };
    }
    if (best.line === -1 || best.score < MIN_SIMILARITY) return "Nothing like it is in the file: read the file again before editing it.";
    return `No part of it is in the file; the line most like its first line ${quote(first)} is line ${best.line + 1}: ${quote(file.content(best.line).trim())}.`;
}

function countOccurrences(text: string, part: string): number {
    let count = 0;
    for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) count++;
    return count;
}

function lastLine(text: string): string {
    return text.slice(text.lastIndexOf("\n") + 1) || text;
}

/**
 * How much of `wanted` appears in `line`, as the share of its character pairs found there
 * (a typo costs two pairs); ties go to the shorter line, the one with less else in it.
 */
function similarity(wanted: string, line: string): number {
    if (wanted === "" || line === "") return 0;
    if (wanted === line) return 1;
    const available = new Map<string, number>();
    for (let index = 0; index + 1 < line.length; index++) {
        const pair = line.slice(index, index + 2);
        available.set(pair, (available.get(pair) ?? 0) + 1);
    }
    let shared = 0;
    for (let index = 0; index + 1 < wanted.length; index++) {
        const pair = wanted.slice(index, index + 2);
        const left = available.get(pair) ?? 0;
        if (left > 0) {
            shared++;
            available.set(pair, left - 1);
        }
    }
    return shared / Math.max(1, wanted.length - 1) - line.length * 1e-9;
}
