// A match may only start and end between user-perceived characters: cutting an emoji's
// surrogate pair, a letter from its combining accent, a ZWJ sequence or a CRLF in two would
// leave broken text behind once the replacement goes in.

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Whether `offset` (a UTF-16 index into `text`) lies between two grapheme clusters. */
export function isGraphemeBoundary(text: string, offset: number): boolean {
    if (offset <= 0 || offset >= text.length) return true;
    const before = text.charCodeAt(offset - 1);
    const after = text.charCodeAt(offset);
    // Between two plain ASCII characters only CR followed by LF holds together.
    if (before < 0x80 && after < 0x80) return !(before === 0x0d && after === 0x0a);
    // A line feed always ends a cluster (Unicode's rule GB4), so the lines around the offset
    // are enough context to segment.
    const start = text.lastIndexOf("\n", offset - 2) + 1;
    const nextBreak = text.indexOf("\n", offset);
    const end = nextBreak === -1 ? text.length : nextBreak + 1;
    for (const segment of segmenter.segment(text.slice(start, end))) {
        const at = start + segment.index;
        if (at === offset) return true;
        if (at > offset) return false;
    }
    return false;
}
