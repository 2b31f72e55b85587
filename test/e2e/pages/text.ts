// Small text helpers the page objects share.

/** A RegExp matching `text` literally. */
export function literal(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Matches an element whose whole text is `text` (surrounding spaces allowed). */
export function exactly(text: string): RegExp {
    return new RegExp(`^\\s*${literal(text)}\\s*$`);
}

/** Monaco and the workbench render spaces as no-break spaces in places. */
export function normalize(text: string | null): string {
    return (text ?? "").replace(/\u00a0/g, " ").trim();
}
