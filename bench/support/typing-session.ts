// The typing session the completion benchmarks replay: a few hundred characters typed, one at a
// time, at the start of generate()'s body in a real source file of this project (the rest of
// the file is the code after the cursor), at a seeded human-like pace: ~70 ms a character,
// longer pauses at line ends and now and then. Shared so that every benchmark types the same.
import { readFileSync } from "node:fs";
import type { CompletionParams } from "../../protocol/index.ts";
import { Random } from "../../test/fixtures/synthetic-model/random.ts";

export const SOURCE_FILE = "server/engine/generate.ts";
export const MAX_LINES = 8;
export const MAX_TOKENS = 48;

/** Another file open beside it, as the extension sends it (a window of its start). */
export const snippets = [{ path: "server/engine/loaded-model.ts", text: readFileSync("server/engine/loaded-model.ts", "utf8").slice(0, 1500) }];

export interface Keystroke {
    /** The region as typed so far, this keystroke's character included. */
    text: string;
    /** The pause before the next keystroke. */
    delayMs: number;
}

export interface TypingSession {
    /** The file before the typed region, the region typed, and the file after it. */
    before: string;
    region: string;
    after: string;
    keystrokes(): Keystroke[];
    /** The extension's request after typing `typed` of the region. */
    paramsAt(typed: string): CompletionParams;
}

export interface TypingOptions {
    /** Characters typed (BENCH_TYPED_CHARS, default 320). */
    chars?: number;
    /**
     * End the region at the end of the line its last character is on, so nothing follows the
     * cursor on its line, as when writing new code. Otherwise the rest of that line stays after
     * the cursor, and llama.vscode asks for nothing (more than 8 characters after the cursor).
     */
    endAtLineEnd?: boolean;
}

export function typingSession(options: TypingOptions = {}): TypingSession {
    const chars = options.chars ?? Number(process.env.BENCH_TYPED_CHARS ?? 320);
    const source = readFileSync(SOURCE_FILE, "utf8");
    const start = source.indexOf("export async function generate");
    if (start < 0) throw new Error(`${SOURCE_FILE} no longer holds "export async function generate"; pick another region to type`);
    const lineEnd = source.indexOf("\n", start + chars);
    const end = options.endAtLineEnd === true ? (lineEnd === -1 ? source.length : lineEnd) : start + chars;
    const before = source.slice(0, start);
    const region = source.slice(start, end);
    const after = source.slice(end);
    return {
        before, region, after,
        keystrokes: () => {
            const random = new Random(7);
            return [...region].map((char, index) => {
                let delayMs = 40 + random.next() * 60;
                if (char === "\n") delayMs += 250 + random.next() * 400;
                else if (random.next() < 0.08) delayMs += 300 + random.next() * 700;
                return { text: region.slice(0, index + 1), delayMs };
            });
        },
        paramsAt: (typed) => ({ path: SOURCE_FILE, languageId: "typescript", prefix: before + typed, suffix: after, snippets, maxLines: MAX_LINES, maxTokens: MAX_TOKENS }),
    };
}

export function percentile(values: readonly number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
