// An opened page as the model sees it: numbered lines it can cite ("L12"), shown a window at a
// time within a token budget, with the exact call that shows the next part, and searchable by
// browser_find. Lines are numbered from 0, like gpt-oss's own browser tool.
import { ToolError } from "../../tool.ts";

export interface Page {
    /** The page's number in this task, shown as [n]. */
    readonly cursor: number;
    /** The URL the model asked for (what a later browser_open with "loc" names). */
    readonly requestedUrl: string;
    /** Where the text came from, after redirects. */
    readonly url: string;
    readonly title: string;
    readonly lines: readonly string[];
}

/** Longest line kept whole; longer ones (minified JSON, a text file without breaks) are split. */
const MAX_LINE_CHARS = 200;
/** Characters per token for the estimate: close for English prose, generous for code. */
const CHARS_PER_TOKEN = 4;
/** The "L123: " prefix and the newline, in tokens. */
const LINE_OVERHEAD_TOKENS = 3;

export function pageLines(text: string): string[] {
    const lines: string[] = [];
    for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
        const line = raw.replace(/\s+$/, "").replace(/\t/g, "    ");
        // One blank line is structure; runs of them are only layout and cost budget.
        if (line === "" && (lines.length === 0 || lines[lines.length - 1] === "")) continue;
        if (line.length <= MAX_LINE_CHARS) {
            lines.push(line);
            continue;
        }
        for (let start = 0; start < line.length; start += MAX_LINE_CHARS) lines.push(line.slice(start, start + MAX_LINE_CHARS));
    }
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines;
}

export function estimateTokens(line: string): number {
    return Math.ceil(line.length / CHARS_PER_TOKEN) + LINE_OVERHEAD_TOKENS;
}

/** The part of the page from line `loc` on that fits in `maxTokens`, with a header that says what is left. */
export function renderPageWindow(page: Page, loc: number, maxTokens: number): string {
    const total = page.lines.length;
    if (total === 0) return `${heading(page)}\nThe page has no readable text.`;
    if (loc >= total) {
        throw new ToolError(`${page.requestedUrl} has ${total} lines (L0–L${total - 1}); there is nothing at line ${loc}.`);
    }
    let end = loc;
    let used = 0;
    // Always at least one line, so a budget smaller than a line still makes progress.
    while (end < total && (end === loc || used + estimateTokens(page.lines[end]!) <= maxTokens)) {
        used += estimateTokens(page.lines[end]!);
        end++;
    }
    const shown = `L${loc}–L${end - 1}`;
    const status = end < total
        ? `Showing ${shown} of ${total} lines. Next part: browser_open ${JSON.stringify({ id: page.requestedUrl, loc: end })}`
        : loc === 0 ? `Showing all ${total} lines.` : `Showing ${shown} of ${total} lines (the end of the page).`;
    const body = page.lines.slice(loc, end).map((line, index) => `L${loc + index}: ${line}`).join("\n");
    return `${heading(page)}\n${status}\n\n${body}`;
}

export interface FindResult {
    readonly text: string;
    readonly matches: number;
}

const FIND_CONTEXT_LINES = 1;
const MAX_FIND_MATCHES = 20;

/** Lines containing `pattern` (case-insensitive, as written), each with a line of context either side. */
export function findInPage(page: Page, pattern: string): FindResult {
    const needle = pattern.toLowerCase();
    const hits = page.lines.flatMap((line, index) => (line.toLowerCase().includes(needle) ? [index] : []));
    if (hits.length === 0) {
        return { matches: 0, text: `${heading(page)}\nNo line contains "${pattern}".` };
    }
    const shownHits = hits.slice(0, MAX_FIND_MATCHES);
    const groups: string[] = [];
    let previousEnd = -1;
    let group: string[] = [];
    for (const hit of shownHits) {
        const start = Math.max(0, hit - FIND_CONTEXT_LINES, previousEnd + 1);
        const end = Math.min(page.lines.length - 1, hit + FIND_CONTEXT_LINES);
        if (start > previousEnd + 1 && group.length > 0) {
            groups.push(group.join("\n"));
            group = [];
        }
        for (let index = start; index <= end; index++) group.push(`L${index}: ${page.lines[index]}`);
        previousEnd = end;
    }
    groups.push(group.join("\n"));
    const more = hits.length > shownHits.length ? ` (showing the first ${shownHits.length})` : "";
    const count = `${hits.length} line${hits.length === 1 ? "" : "s"} contain "${pattern}"${more}. To read around one: browser_open ${JSON.stringify({ id: page.requestedUrl, loc: shownHits[0] })}`;
    return { matches: hits.length, text: `${heading(page)}\n${count}\n\n${groups.join("\n…\n")}` };
}

function heading(page: Page): string {
    const moved = page.url === page.requestedUrl ? "" : ` (redirected from ${page.requestedUrl})`;
    return `[${page.cursor}] ${page.title || "(untitled)"}\n${page.url}${moved}`;
}
