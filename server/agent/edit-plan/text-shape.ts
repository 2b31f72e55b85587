// The parts of a file's text the model cannot see or reliably reproduce: its line endings, its
// final newline and a byte-order mark. New text from the model is fitted to the file it lands
// in, so an edit changes the lines it meant to change and nothing else.

export type LineEnding = "\n" | "\r\n";

/** The line ending most of the file's lines use (LF for a file with no line break). */
export function dominantLineEnding(text: string): LineEnding {
    let crlf = 0;
    let lf = 0;
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
        if (index > 0 && text[index - 1] === "\r") crlf++;
        else lf++;
    }
    return crlf > lf ? "\r\n" : "\n";
}

/** `text` with every line break (CRLF or LF) written as `ending`. */
export function withLineEnding(text: string, ending: LineEnding): string {
    const lf = text.replaceAll("\r\n", "\n");
    return ending === "\n" ? lf : lf.replaceAll("\n", "\r\n");
}

/**
 * `after` ending with a line break exactly when `before` did: the model's replacement text
 * often adds or drops the last newline without meaning to, and an editor shows that as a
 * change to the file's last line.
 */
export function keepFinalNewline(before: string, after: string, ending: LineEnding): string {
    if (before === "" || after === "") return after;
    const hadNewline = before.endsWith("\n");
    const hasNewline = after.endsWith("\n");
    if (hadNewline && !hasNewline) return after + ending;
    if (!hadNewline && hasNewline) return after.slice(0, after.endsWith("\r\n") ? -2 : -1);
    return after;
}

const BOM = "\uFEFF";

/** Whole new content for an existing file, in that file's line endings, final newline and BOM. */
export function fitToFile(before: string, content: string): string {
    const ending = dominantLineEnding(before);
    const body = content.startsWith(BOM) ? content.slice(1) : content;
    const fitted = keepFinalNewline(before, withLineEnding(body, ending), ending);
    return before.startsWith(BOM) ? BOM + fitted : fitted;
}
