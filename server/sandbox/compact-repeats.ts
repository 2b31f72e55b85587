// Shortens the repetition in output that was cut at the cap, so a flood does not hand the model
// thousands of copies of one line or one character: a run of identical lines becomes the line
// and a count, a run of one character inside a line becomes a few of them and a count. Applied
// only to truncated output (a flood); output that fit the cap is shown as it was written.
const MIN_LINE_RUN = 3;
const MIN_CHAR_RUN = 64;
const KEEP_CHARS = 16;

export function compactRepeats(text: string): string {
    const lines = text.split("\n");
    const out: string[] = [];
    for (let i = 0; i < lines.length;) {
        let j = i + 1;
        while (j < lines.length && lines[j] === lines[i]) j++;
        const line = compactCharRuns(lines[i]!);
        const run = j - i;
        // The last element after a final "\n" is "", not a line: never collapse it into a count.
        if (run >= MIN_LINE_RUN && !(j === lines.length && lines[i] === "")) {
            out.push(line, `[… the line above repeated ${run - 1} more times]`);
        } else {
            for (let k = 0; k < run; k++) out.push(line);
        }
        i = j;
    }
    return out.join("\n");
}

function compactCharRuns(line: string): string {
    return line.replace(new RegExp(`([^])\\1{${MIN_CHAR_RUN - 1},}`, "gu"), (run: string, char: string) => {
        const chars = [...run].length;
        return `${char.repeat(KEEP_CHARS)}[… ${chars - KEEP_CHARS} more ${JSON.stringify(char)}]`;
    });
}
