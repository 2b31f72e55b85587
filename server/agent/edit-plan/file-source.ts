// Where applyEditPlan reads the files a plan names. It only ever reads: the changes it computes
// are handed to the editor, which applies them after the user accepts.
import { lstat, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { OpenBuffer } from "../../../protocol/index.ts";
import { checkWorkspacePath } from "./workspace-path.ts";
import { isWithin } from "../path-within.ts";

/** The current text of files in the workspace. */
export interface FileSource {
    /**
     * The text of a workspace-relative, "/"-separated path (already checked not to climb out),
     * or null when no file is there. Throws PathRefusedError for a path it will not read.
     */
    read(path: string): Promise<string | null>;
}

/** Why a FileSource would not read a path; each maps onto an AnchorFailure reason. */
export type PathRefusal = "outside-workspace" | "not-a-file" | "unreadable";

export class PathRefusedError extends Error {
    constructor(readonly reason: PathRefusal, message: string) {
        super(message);
        this.name = "PathRefusedError";
    }
}

// Refusing bytes that are not UTF-8 keeps a binary or Latin-1 file from being rewritten with
// replacement characters when the edited text goes back to disk.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Files under `workspaceRoot` as the user sees them: an unsaved editor buffer wins over the disk.
 * Paths whose real location (symlinks resolved, including a dangling link that a later create
 * would follow) is outside the root are refused, buffer or not, because the editor writes
 * through such a link.
 */
export function diskFileSource(workspaceRoot: string, openBuffers: readonly OpenBuffer[] = []): FileSource {
    const buffers = new Map<string, string>();
    for (const buffer of openBuffers) {
        const checked = checkWorkspacePath(buffer.path);
        if (checked.ok) buffers.set(checked.path, buffer.text);
    }
    let realRoot: Promise<string> | null = null;
    return {
        async read(relativePath) {
            const checked = checkWorkspacePath(relativePath);
            if (!checked.ok) throw new PathRefusedError("outside-workspace", checked.message);
            realRoot ??= realpath(workspaceRoot);
            const absolute = path.join(workspaceRoot, ...checked.path.split("/"));
            await assertInside(await realRoot, absolute, checked.path);
            const buffered = buffers.get(checked.path);
            if (buffered !== undefined) return buffered;
            let bytes: Buffer;
            try {
                bytes = await readFile(absolute);
            } catch (error) {
                const code = (error as NodeJS.ErrnoException).code;
                if (code === "ENOENT" || code === "ENOTDIR") return null;
                if (code === "EISDIR") throw new PathRefusedError("not-a-file", `${checked.path} is a folder, not a file.`);
                throw new PathRefusedError("unreadable", `${checked.path} could not be read (${code ?? String(error)}).`);
            }
            try {
                return strictUtf8.decode(bytes);
            } catch {
                throw new PathRefusedError("unreadable", `${checked.path} is not UTF-8 text; it cannot be edited as text.`);
            }
        },
    };
}

/** Refuses `absolute` when it, or its nearest existing ancestor, really lives outside `realRoot`. */
async function assertInside(realRoot: string, absolute: string, shown: string): Promise<void> {
    let probe = absolute;
    for (;;) {
        const real = await realpath(probe).catch(() => null);
        if (real !== null) {
            if (!isWithin(realRoot, real)) throw new PathRefusedError("outside-workspace", `${shown} leads outside the workspace through a symbolic link.`);
            return;
        }
        // realpath fails both for a missing entry and for a link whose target is missing; only
        // the second would let a create land outside the root.
        const entry = await lstat(probe).catch(() => null);
        if (entry?.isSymbolicLink()) throw new PathRefusedError("outside-workspace", `${shown} goes through a symbolic link to a missing target; it is not followed.`);
        const parent = path.dirname(probe);
        if (parent === probe) return;
        probe = parent;
    }
}
