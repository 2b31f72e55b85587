// Text from files and from the model, shown inside messages: one line, cut short, never cut
// inside a character.
const MAX_QUOTE = 100;

/** `text` in backticks, first line only, at most MAX_QUOTE characters. */
export function quote(text: string): string {
    const firstLine = text.replace(/\r?\n[\s\S]*$/, "");
    const characters = Array.from(firstLine);
    const shown = characters.length > MAX_QUOTE ? `${characters.slice(0, MAX_QUOTE).join("")}…` : firstLine;
    return `\`${shown}\``;
}

/** A 1-based line range as people write it: "12" or "12–14". */
export function lineRange(first: number, last: number): string {
    return first === last ? `${first}` : `${first}–${last}`;
}

/** A list of line numbers, the first few of many. */
export function lineList(lines: readonly number[], most = 8): string {
    const shown = lines.slice(0, most).join(", ");
    return lines.length > most ? `${shown} and ${lines.length - most} more` : shown;
}
