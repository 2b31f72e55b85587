// The check's output as the model and the review read it: terminal noise removed (colour codes,
// carriage-return progress redraws) and cut to a budget from the end, where test runners and
// compilers put the failures' summary, with a marker saying how much was left out.
export const DEFAULT_OUTPUT_CHARS = 4_000;

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
// eslint-disable-next-line no-control-regex -- matching terminal control sequences is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function cleanOutput(text: string): string {
    return text
        .replace(ANSI, "")
        .replace(/\r\n/g, "\n")
        // A line redrawn with "\r" (progress bars) shows only its last state.
        .split("\n").map((line) => line.slice(line.lastIndexOf("\r") + 1)).join("\n");
}

/** The last `budget` characters, starting at a line when one begins near the cut, behind a marker. */
export function tailForModel(text: string, budget: number = DEFAULT_OUTPUT_CHARS): string {
    if (text.length <= budget) return text;
    let start = text.length - budget;
    const lineStart = text.indexOf("\n", start);
    if (lineStart !== -1 && lineStart - start < 200) start = lineStart + 1;
    return `[… ${start} earlier characters of output cut …]\n${text.slice(start)}`;
}
