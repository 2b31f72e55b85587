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

/** The suffix's next non-blank lines, trimmed: a completion that reaches one of them is repeating it. */
function suffixLines(suffix: string, count = 3): string[] {
    return suffix.split("\n").slice(1).map((line) => line.trim()).filter((line) => line !== "").slice(0, count);
}

/**
 * Index (in `text`) where the completion must be cut, or -1. Looks only at complete lines (every
 * line but the last, which may still be growing) unless `final`.
 */
function cutIndex(text: string, context: CursorContext, final: boolean): number {
    const lines = text.split("\n");
    const complete = final ? lines.length : lines.length - 1;
    const baseIndent = indentOf(linePrefix(context.prefix));
    const cursorLineBlank = linePrefix(context.prefix).trim() === "";
    const repeated = suffixLines(context.suffix);
    const maxLines = effectiveMaxLines(context);
    let offset = 0;
    for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index]!;
        if (index >= maxLines) return offset - 1; // cut before the newline ending the last kept line
        if (index > 0 && index < complete && line.trim() !== "") {
            // End of block: a later line less indented than the cursor's line closes a block the
            // cursor is inside of, and the file already has that closing (or the next) code.
            const dedented = indentOf(line) < baseIndent || (cursorLineBlank && indentOf(line) < baseIndent);
            if (dedented) return offset - 1;
            // Repeating the code that follows the cursor.
            if (repeated.length > 0 && line.trim() === repeated[0]) return offset - 1;
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

const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const OPENERS = new Set(Object.values(PAIRS));

/**
 * Closing brackets at the end of the completion that close nothing the completion opened, when
 * the suffix's line already starts with them: the file has those closers, so drop ours. Handles
 * `foo(bar))` before `)` where plain overlap trimming left a stray closer.
 */
function dropClosersTheSuffixHas(text: string, suffix: string): string {
    const stack: string[] = [];
    const unmatched: number[] = [];
    for (let index = 0; index < text.length; index += 1) {
        const char = text[index]!;
        if (OPENERS.has(char)) stack.push(char);
        else if (char in PAIRS) {
            if (stack.at(-1) === PAIRS[char]) stack.pop();
            else unmatched.push(index);
        }
    }
    const suffixClosers = lineSuffix(suffix).trimStart().match(/^[)\]}]+/)?.[0] ?? "";
    let result = text;
    for (const index of unmatched.reverse()) {
        const tail = result.slice(index);
        // Only closers (with spaces or ; between) after this one: it is a trailing closer.
        if (!/^[)\]}\s;,]*$/.test(tail)) break;
        if (suffixClosers.includes(result[index]!)) result = result.slice(0, index) + result.slice(index + 1);
    }
    return result;
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
    text = dropClosersTheSuffixHas(text, context.suffix);
    if (text.trim() === "") return "";
    // Nothing new: the code after the cursor already starts with exactly this.
    if (context.suffix.trimStart().startsWith(text.trim())) return "";
    return text;
}
