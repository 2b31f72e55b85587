// Suggestions by context, so typing along a shown suggestion, or coming back to a position, costs
// nothing. Pure (no Node or VS Code imports): the server uses it, and the extension keeps one too
// so that typing the characters of a shown suggestion sends no request at all.

export interface CacheKeyParts {
    path: string;
    languageId: string;
    suffix: string;
    /** Anything else that changes the answer (snippets, line budget), already serialised. */
    extra: string;
}

interface Entry {
    key: string;
    prefix: string;
    text: string;
}

export function cacheKey(parts: CacheKeyParts): string {
    return JSON.stringify([parts.path, parts.languageId, parts.suffix, parts.extra]);
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
