// Builds the question the model sees: the typed text, with @file / @selection / @problems
// mentions and the attached chips expanded into fenced context after it.
import type { AttachmentKind } from "../../protocol/webview.ts";
import type { ContextItem } from "./chat-host.ts";

const MENTION = /(^|\s)@(file|selection|problems)\b/g;

/** The context kinds the text mentions, each once, in order of first mention. */
export function mentionedKinds(text: string): AttachmentKind[] {
    const kinds: AttachmentKind[] = [];
    for (const match of text.matchAll(MENTION)) {
        const kind = match[2] as AttachmentKind;
        if (!kinds.includes(kind)) kinds.push(kind);
    }
    return kinds;
}

export function promptWithContext(text: string, context: readonly ContextItem[]): string {
    if (context.length === 0) return text;
    const fence = (body: string): string => {
        // A fence longer than any backtick run inside, so attached text cannot close it early.
        const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((run) => run[0].length));
        return "`".repeat(longest + 1);
    };
    const blocks = context.map((item) => `${item.label}:\n${fence(item.text)}\n${item.text}\n${fence(item.text)}`);
    return `${text}\n\nContext:\n\n${blocks.join("\n\n")}`;
}
