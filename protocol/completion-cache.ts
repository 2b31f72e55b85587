// Suggestions by context, so typing along a shown suggestion, or coming back to a position, costs
// nothing. Pure (no Node or VS Code imports): the server's completion services use it, and the
// extension keeps one too so that typing the characters of a shown suggestion sends no request.
// Both sides key it with completionCacheKey, so "the same context" means one thing everywhere.
import type { CompletionContext } from "./completion.ts";

/**
 * Everything but the prefix that changes the answer: the file, its language, the text after the
 * cursor, the line budget and the snippets from other files. The prefix is matched separately
 * (CompletionCache.get), so that typing along a suggestion finds it.
 */
export function completionCacheKey(context: CompletionContext, maxLines: number): string {
    const snippets = (context.snippets ?? []).map((snippet) => [snippet.path, snippet.text]);
    return JSON.stringify([context.path, context.languageId, context.suffix, maxLines, snippets]);
}

interface Entry {
    key: string;
    prefix: string;
    text: string;
}

export class CompletionCache {
    private entries: Entry[] = [];

    constructor(private readonly capacity = 64) {}

    get size(): number {
        return this.entries.length;
    }

    put(key: string, prefix: string, text: string): void {
        this.entries = this.entries.filter((entry) => !(entry.key === key && entry.prefix === prefix));
        this.entries.push({ key, prefix, text });
        if (this.entries.length > this.capacity) this.entries.shift();
    }

    /**
     * The suggestion for this position, or null. A suggestion made at an earlier position still
     * applies when what was typed since is its beginning: the rest of it is the answer.
     */
    get(key: string, prefix: string): string | null {
        for (let index = this.entries.length - 1; index >= 0; index -= 1) {
            const entry = this.entries[index]!;
            if (entry.key !== key || !prefix.startsWith(entry.prefix)) continue;
            const typed = prefix.slice(entry.prefix.length);
            if (typed === "") return this.touch(index, entry.text);
            if (entry.text.length > typed.length && entry.text.startsWith(typed)) return this.touch(index, entry.text.slice(typed.length));
        }
        return null;
    }

    clear(): void {
        this.entries = [];
    }

    private touch(index: number, text: string): string {
        const [entry] = this.entries.splice(index, 1);
        this.entries.push(entry!);
        return text;
    }
}
