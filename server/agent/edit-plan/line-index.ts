// Line numbers for offsets and the extent of each line, for the line-based parts of matching
// and for messages that name lines. Lines end at "\n"; a "\r" before it belongs to the break.

export class LineIndex {
    /** Offset of the first character of each line; a text ending in "\n" has an empty last line. */
    private readonly starts: number[] = [0];

    constructor(readonly text: string) {
        for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) this.starts.push(index + 1);
    }

    get count(): number {
        return this.starts.length;
    }

    /** The 0-based line holding `offset`. */
    lineOf(offset: number): number {
        let low = 0;
        let high = this.starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (this.starts[middle]! <= offset) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    start(line: number): number {
        return this.starts[line]!;
    }

    /** Where the line's text ends, before its "\n" or "\r\n". */
    contentEnd(line: number): number {
        if (line + 1 >= this.starts.length) return this.text.length;
        const lineFeed = this.starts[line + 1]! - 1;
        return lineFeed > this.starts[line]! && this.text[lineFeed - 1] === "\r" ? lineFeed - 1 : lineFeed;
    }

    /** Where the next line starts (the end of the text for the last line). */
    next(line: number): number {
        return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    }

    /** The line's text without its line break. */
    content(line: number): string {
        return this.text.slice(this.starts[line]!, this.contentEnd(line));
    }
}
