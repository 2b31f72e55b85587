// Where a growing markdown text can be cut so that the part before the cut never renders
// differently again: after a blank line that is outside any code fence. Everything before that
// point is rendered once; only the rest is re-rendered as tokens arrive.

/** Length of the longest prefix of `text` that ends at a settled block boundary (0 if none). */
export function settledLength(text: string): number {
    let settled = 0;
    let fence: string | null = null;
    let offset = 0;
    let previousBlank = false;
    const lines = text.split("\n");
    // The last line may still be growing, so only lines followed by a newline count.
    for (let index = 0; index < lines.length - 1; index++) {
        const line = lines[index]!;
        const lineEnd = offset + line.length + 1;
        const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence === null && marker) fence = marker;
        else if (fence !== null && marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
            fence = null;
        }
        const blank = line.trim() === "";
        if (fence === null && blank && !previousBlank) settled = lineEnd;
        previousBlank = blank;
        offset = lineEnd;
    }
    return settled;
}
