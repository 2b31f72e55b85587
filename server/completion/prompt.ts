// The gpt-oss prompt for one inline completion. gpt-oss has no fill-in-the-middle tokens, so the
// code around the cursor goes into the developer message and the assistant turn is prefilled on
// the final channel (no reasoning is spent, and no analysis text can reach the ghost text).
//
// Layout, stable first so the completion sequence's KV cache keeps as much as possible between
// keystrokes: system message (date pinned) → instructions → snippets of other files → file name
// → the code after the cursor (unchanged while typing on a line) → the code before the cursor,
// whose end changes with every keystroke, last → the prefilled assistant turn.
//
// Pure: returns parts (special tokens apart from text) that the engine turns into tokens, so code
// that happens to contain "<|end|>" is never read as a harmony token.
import type { CompletionSnippet } from "../../protocol/index.ts";

export type PromptPart = { special: string } | { text: string };

export interface PromptInput {
    path: string;
    languageId: string;
    prefix: string;
    suffix: string;
    snippets: readonly CompletionSnippet[];
    /** The harmony system message's date, pinned (a daily change would void the cached prefix). */
    date: Date;
}

/** Caps on the windows the prompt keeps (characters); the extension already sends windows near these. */
export const PROMPT_LIMITS = {
    prefixChars: 6_000,
    suffixChars: 2_000,
    suffixLines: 40,
    snippetChars: 1_500,
    snippets: 3,
};

export const INSTRUCTIONS = [
    "# Instructions",
    "",
    "You are a code completion engine inside a code editor. The user's cursor is at the end of the code before the cursor.",
    "Reply with only the text to insert at the cursor: no explanations, no Markdown, no code fences.",
    "Do not repeat code that is already before or after the cursor. Continue the current line; add at most a few lines,",
    "stop at the end of the current statement or block, and match the file's indentation and style.",
].join("\n");

/** The harmony system message as gpt-oss was trained with it, reasoning low (none is generated anyway). */
export function systemMessage(date: Date): string {
    return [
        "You are ChatGPT, a large language model trained by OpenAI.",
        "Knowledge cutoff: 2024-06",
        `Current date: ${date.toISOString().slice(0, 10)}`,
        "",
        "Reasoning: low",
        "",
        "# Valid channels: analysis, commentary, final. Channel must be included for every message.",
    ].join("\n");
}

export function buildPrompt(input: PromptInput): PromptPart[] {
    return [
        { special: "<|start|>" }, { text: "system" }, { special: "<|message|>" }, { text: systemMessage(input.date) }, { special: "<|end|>" },
        { special: "<|start|>" }, { text: "developer" }, { special: "<|message|>" }, { text: developerMessage(input) }, { special: "<|end|>" },
        // Prefilled: the model's first token is already ghost text.
        { special: "<|start|>" }, { text: "assistant" }, { special: "<|channel|>" }, { text: "final" }, { special: "<|message|>" },
    ];
}

export function developerMessage(input: PromptInput): string {
    const sections = [INSTRUCTIONS];
    const snippets = input.snippets.slice(0, PROMPT_LIMITS.snippets).filter((snippet) => snippet.text.trim() !== "");
    if (snippets.length > 0) {
        sections.push("# Other files (for reference)");
        for (const snippet of snippets) sections.push(`## ${snippet.path}\n${fence(clipEnd(snippet.text, PROMPT_LIMITS.snippetChars))}`);
    }
    sections.push(`# Current file: ${input.path} (${input.languageId})`);
    sections.push(`## Code after the cursor\n${fence(suffixWindow(input.suffix))}`);
    // Unfenced at the end: the completion continues this text directly.
    sections.push(`## Code before the cursor\n${prefixWindow(input.prefix)}`);
    return sections.join("\n\n");
}

/** The prefix cut from the start at a line boundary, so its beginning stays put while typing. */
export function prefixWindow(prefix: string): string {
    if (prefix.length <= PROMPT_LIMITS.prefixChars) return prefix;
    const cut = prefix.length - PROMPT_LIMITS.prefixChars;
    // Snap the cut to a coarse grid so a few typed characters do not move it (cache reuse).
    const grid = Math.ceil(cut / 1024) * 1024;
    const lineStart = prefix.indexOf("\n", grid);
    return lineStart === -1 ? prefix.slice(grid) : prefix.slice(lineStart + 1);
}

export function suffixWindow(suffix: string): string {
    const lines = suffix.split("\n").slice(0, PROMPT_LIMITS.suffixLines).join("\n");
    return lines.length <= PROMPT_LIMITS.suffixChars ? lines : lines.slice(0, PROMPT_LIMITS.suffixChars);
}

function clipEnd(text: string, chars: number): string {
    return text.length <= chars ? text : text.slice(0, chars);
}

function fence(text: string): string {
    // A fence longer than any backtick run inside, so the code cannot close it early.
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    const ticks = "`".repeat(longest + 1);
    return `${ticks}\n${text}\n${ticks}`;
}

/** The prompt as one string (special tokens written out), for logs and tests. */
export function promptText(parts: readonly PromptPart[]): string {
    return parts.map((part) => ("special" in part ? part.special : part.text)).join("");
}
