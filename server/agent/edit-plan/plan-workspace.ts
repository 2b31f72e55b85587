// The workspace as a plan leaves it, kept in memory: each entry of the plan sees the files as
// the entries before it left them. A file keeps the path it started from (its origin) through
// renames, so the end state can be told as the changes an editor applies: modify, create,
// delete, and rename with or without new content.
import type { AnchorFailure, FileChange } from "../../../protocol/index.ts";
import type { FileSource } from "./file-source.ts";

export interface PlanFile {
    /** The path this file had before the plan, or null for a file the plan creates. */
    origin: string | null;
    text: string;
}

export class PlanWorkspace {
    /** Each path's text as the source gave it (null: no file), read once. */
    private readonly originals = new Map<string, string | null>();
    /** Each path's file as the plan has left it so far (null: none there now). */
    private readonly current = new Map<string, PlanFile | null>();

    constructor(private readonly source: FileSource) {}

    /** The file at `path` now; throws what the source throws for a path it refuses. */
    async get(path: string): Promise<PlanFile | null> {
        if (!this.current.has(path)) {
            const text = await this.source.read(path);
            this.originals.set(path, text);
            this.current.set(path, text === null ? null : { origin: path, text });
        }
        return this.current.get(path)!;
    }

    set(path: string, file: PlanFile | null): void {
        this.current.set(path, file);
    }

    /** Whether a file was at `path` before the plan (only for paths already read). */
    existedBefore(path: string): boolean {
        return (this.originals.get(path) ?? null) !== null;
    }

    /** The text at `path` before the plan, when the plan has changed it since (else null). */
    originalText(path: string): string | null {
        const before = this.originals.get(path) ?? null;
        const now = this.current.get(path);
        return before !== null && now?.origin === path && now.text !== before ? before : null;
    }

    /** Where the file that started at `origin` is now, or null when the plan deleted it. */
    whereIs(origin: string): string | null {
        for (const [path, file] of this.current) if (file?.origin === origin) return path;
        return null;
    }

    /**
     * The changes, in an order an editor can apply one after another: deletions first (they
     * free paths), then renames (each after the rename that frees its target), then
     * modifications, then creations (which may reuse a path a rename freed). Renames that wait
     * on each other in a circle cannot be ordered and come back as conflicts.
     */
    changes(): { changes: FileChange[]; conflicts: AnchorFailure[] } {
        const deletes: FileChange[] = [];
        const renames: FileChange[] = [];
        const modifies: FileChange[] = [];
        const creates: FileChange[] = [];
        for (const [origin, before] of this.originals) {
            if (before === null) continue;
            const now = this.whereIs(origin);
            if (now === null) deletes.push({ path: origin, kind: "delete", before, after: null });
            else if (now !== origin) renames.push({ path: origin, kind: "rename", newPath: now, before, after: this.current.get(now)!.text });
            else if (this.current.get(now)!.text !== before) modifies.push({ path: origin, kind: "modify", before, after: this.current.get(now)!.text });
        }
        for (const [path, file] of this.current) if (file !== null && file.origin === null) creates.push({ path, kind: "create", before: null, after: file.text });

        const ordered: FileChange[] = [];
        let waiting = renames;
        while (waiting.length > 0) {
            const ready = waiting.filter((rename) => !waiting.some((other) => other.path === rename.newPath));
            if (ready.length === 0) break;
            ordered.push(...ready);
            waiting = waiting.filter((rename) => !ready.includes(rename));
        }
        const conflicts = waiting.map((rename): AnchorFailure => ({
            path: rename.path,
            entryIndex: null,
            editIndex: null,
            reason: "conflict",
            message: `Renaming ${rename.path} to ${rename.newPath} is part of a circle of renames (files swapping paths), which cannot be applied one after another. Give the files their new content with "write" instead of swapping them.`,
        }));
        return { changes: [...deletes, ...ordered, ...waiting, ...modifies, ...creates], conflicts };
    }
}
