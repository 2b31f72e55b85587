// Turns what the model generated into what the editor shows: within the line budget, ending at
// the end of the block, without text the file already has after the cursor (no duplicated closing
// brackets or repeated lines), with the indentation the cursor's line already typed, and nothing
// when only whitespace or an exact copy of what follows is left.
//
// The same rules decide, while tokens stream in, when to stop generating (`shouldStop`), so the
// engine does not spend tokens that post-processing would throw away.

export interface CursorContext {
    prefix: string;
    suffix: string;
    /** Line budget: lines of ghost text (1 = the rest of the cursor's line). */
    maxLines: number;
}

/** The rest of the cursor's line after the cursor. */
export function lineSuffix(suffix: string): string {
    const end = suffix.indexOf("\n");
    return end === -1 ? suffix : suffix.slice(0, end);
}

/** The cursor's line up to the cursor. */
export function linePrefix(prefix: string): string {
    return prefix.slice(prefix.lastIndexOf("\n") + 1);
}

function indentOf(line: string): number {
    return /^[ \t]*/.exec(line)![0].length;
}

/** With code after the cursor on its line, a suggestion stays on that line. */
export function effectiveMaxLines(context: CursorContext): number {
    return lineSuffix(context.suffix).trim() === "" ? context.maxLines : 1;
}

/** The suffix's next non-blank lines: a completion line equal to one (indentation included) repeats it. */
function suffixLines(suffix: string, count = 3): string[] {
    return suffix.split("\n").slice(1).map((line) => line.trimEnd()).filter((line) => line.trim() !== "").slice(0, count);
}

/**
 * Index (in `text`) where the completion must be cut, or -1. Looks only at complete lines (every
 * line but the last, which may still be growing) unless `final`.
 */
function cutIndex(text: string, context: CursorContext, final: boolean): number {
    const lines = text.split("\n");
    const complete = final ? lines.length : lines.length - 1;
    const baseIndent = indentOf(linePrefix(context.prefix));
    const repeated = suffixLines(context.suffix);
    const maxLines = effectiveMaxLines(context);
    let offset = 0;
    for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index]!;
        if (index >= maxLines) return offset - 1; // cut before the newline ending the last kept line
        if (index > 0 && index < complete && line.trim() !== "") {
            // End of block: a later line less indented than the cursor's line closes a block the
            // cursor is inside of, and the file already has that closing (or the next) code.
            if (indentOf(line) < baseIndent) return offset - 1;
            // Repeating the code that follows the cursor.
            if (repeated.length > 0 && line.trimEnd() === repeated[0]) return offset - 1;
        }
        offset += line.length + 1;
    }
    return -1;
}

/** True once generating more cannot add anything post-processing would keep. */
export function shouldStop(text: string, context: CursorContext): boolean {
    return cutIndex(text, context, false) !== -1;
}

/** Removes leading/trailing code fences a model may add despite the instructions. */
function stripFences(text: string): string {
    let result = text;
    if (/^```[^\n]*\n/.test(result)) result = result.replace(/^```[^\n]*\n/, "");
    const closing = result.search(/\n?```/);
    if (closing !== -1) result = result.slice(0, closing);
    return result;
}

/** Longest k such that the end of `text` equals the start of `suffix` (k ≥ 1), within the suffix's line. */
function suffixOverlap(text: string, suffix: string): number {
    const head = lineSuffix(suffix);
    for (let k = Math.min(text.length, head.length); k > 0; k -= 1) {
        if (text.endsWith(head.slice(0, k))) return k;
    }
    return 0;
}

const CLOSER_OF: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const OPENER_OF: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

function countBy(chars: Iterable<string>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
    return counts;
}

/** Openers on the cursor's line still waiting for their closer, by closer. */
function openOnLine(line: string): Map<string, number> {
    const stack: string[] = [];
    for (const char of line) {
        if (char in CLOSER_OF) stack.push(char);
        else if (char in OPENER_OF && stack.at(-1) === OPENER_OF[char]) stack.pop();
    }
    return countBy(stack.map((opener) => CLOSER_OF[opener]!));
}

/**
 * Balances brackets against the suffix: trailing closers of the completion that close nothing the
 * completion opened are kept only while the cursor's line has openers left for them after the
 * closers the suffix's line already starts with. `foo(bar))` typed into `log(f(|)` keeps one.
 */
function balanceClosers(text: string, context: CursorContext): string {
    const stack: string[] = [];
    const unmatched: number[] = [];
    for (let index = 0; index < text.length; index += 1) {
        const char = text[index]!;
        if (char in CLOSER_OF) stack.push(char);
        else if (char in OPENER_OF) {
            if (stack.at(-1) === OPENER_OF[char]) stack.pop();
            else unmatched.push(index);
        }
    }
    if (unmatched.length === 0 || text.includes("\n")) return text;
    const available = openOnLine(linePrefix(context.prefix));
    const suffixClosers = countBy(lineSuffix(context.suffix).trimStart().match(/^[)\]}]*/)![0]);
    const unmatchedCount = countBy(unmatched.map((index) => text[index]!));
    let result = text;
    for (const index of unmatched.reverse()) {
        // Only trailing closers (with spaces or ; , between) are candidates.
        if (!/^[)\]}\s;,]*$/.test(result.slice(index))) break;
        const closer = result[index]!;
        const count = unmatchedCount.get(closer) ?? 0;
        if (count + (suffixClosers.get(closer) ?? 0) > (available.get(closer) ?? 0)) {
            result = result.slice(0, index) + result.slice(index + 1);
            unmatchedCount.set(closer, count - 1);
        }
    }
    return result;
}

/** The line already ends with this whole completion (at a word boundary, long enough not to be chance). */
function isStutter(completion: string, line: string): boolean {
    if (completion.length < 6 || !line.endsWith(completion)) return false;
    const before = line.at(-completion.length - 1);
    return before === undefined || !/\w/.test(before);
}

export function postProcess(raw: string, context: CursorContext): string {
    let text = stripFences(raw.replace(/\r\n/g, "\n"));
    const cut = cutIndex(text, context, true);
    if (cut !== -1) text = text.slice(0, cut);
    // The model re-typed the indentation the cursor's line already has.
    const typedIndent = linePrefix(context.prefix);
    if (typedIndent !== "" && typedIndent.trim() === "" && text.startsWith(typedIndent)) text = text.slice(typedIndent.length);
    text = text.replace(/[ \t]+$/gm, "").replace(/\n+$/, "");
    const overlap = suffixOverlap(text, context.suffix);
    if (overlap > 0) text = text.slice(0, text.length - overlap);
    text = balanceClosers(text, context);
    if (text.trim() === "") return "";
    // Nothing new: the code after the cursor already starts with exactly this.
    if (context.suffix.trimStart().startsWith(text.trim())) return "";
    // A stutter: the line before the cursor already ends with exactly this (e.g. just accepted).
    if (isStutter(text.trim(), linePrefix(context.prefix).trimEnd())) return "";
    return text;
}
