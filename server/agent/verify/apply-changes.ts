// Writes the proposed changes into the scratch copy, and only there. Paths come from the model,
// so each is checked before anything is written: relative, inside the copy, not through a
// symbolic link (a link copied from the workspace may point anywhere on the host, and writing
// through it would change a real file), and not into a folder shared with the real workspace.
import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { FileChange } from "../../../protocol/agent.ts";

/** A change that cannot be tried on the copy; the message says why, for the model and the user. */
export class ChangeRejectedError extends Error {}

export async function applyChanges(copyRoot: string, changes: readonly FileChange[], linked: ReadonlySet<string>): Promise<void> {
    for (const change of changes) {
        const from = checkedPath(change.path, linked);
        switch (change.kind) {
            case "modify":
            case "create":
                await writeInCopy(copyRoot, from, contentOf(change, change.after));
                break;
            case "delete":
                await removeInCopy(copyRoot, from);
                break;
            case "rename": {
                if (change.newPath === undefined) throw new ChangeRejectedError(`the rename of ${change.path} has no new path`);
                const to = checkedPath(change.newPath, linked);
                const content = change.after ?? await readInCopy(copyRoot, from);
                await removeInCopy(copyRoot, from);
                await writeInCopy(copyRoot, to, content);
                break;
            }
        }
    }
}

function contentOf(change: FileChange, text: string | null): string {
    if (text === null) throw new ChangeRejectedError(`the ${change.kind} of ${change.path} has no new content`);
    return text;
}

/** The path as segments inside the copy, or an error saying why it cannot be used. */
export function checkedPath(path: string, linked: ReadonlySet<string>): string[] {
    if (path === "" || path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\") || path.includes("\0")) {
        throw new ChangeRejectedError(`${JSON.stringify(path)} is not a workspace-relative path`);
    }
    const normal = posix.normalize(path);
    if (normal === "." || normal === ".." || normal.startsWith("../")) throw new ChangeRejectedError(`${path} is outside the workspace`);
    const segments = normal.split("/").filter((segment) => segment !== "");
    if (linked.has(segments[0]!)) {
        throw new ChangeRejectedError(`${path} is inside ${segments[0]}, which the check shares read-only with the real workspace; an edit there cannot be checked`);
    }
    return segments;
}

/** Makes the parent folders, refusing to pass through a symbolic link; returns the file's path. */
async function parentIn(copyRoot: string, segments: readonly string[], create: boolean): Promise<string | null> {
    let folder = copyRoot;
    for (let depth = 0; depth < segments.length - 1; depth++) {
        folder = join(folder, segments[depth]!);
        const info = await lstat(folder).catch(() => null);
        const shown = segments.slice(0, depth + 1).join("/");
        if (info === null) {
            if (!create) return null;
            await mkdir(folder);
        } else if (info.isSymbolicLink()) {
            throw new ChangeRejectedError(`${segments.join("/")} goes through the symbolic link ${shown}; edit the file it points to instead`);
        } else if (!info.isDirectory()) {
            throw new ChangeRejectedError(`${segments.join("/")}: ${shown} is a file, not a folder`);
        }
    }
    return join(folder, segments[segments.length - 1]!);
}

async function writeInCopy(copyRoot: string, segments: readonly string[], content: string | Buffer): Promise<void> {
    const file = (await parentIn(copyRoot, segments, true))!;
    const info = await lstat(file).catch(() => null);
    if (info?.isDirectory()) throw new ChangeRejectedError(`${segments.join("/")} is a folder`);
    // A link at the file's own place is replaced, never written through; "wx" refuses anything that reappeared meanwhile.
    if (info !== null) await rm(file);
    await writeFile(file, content, { flag: "wx", mode: 0o644 });
}

async function removeInCopy(copyRoot: string, segments: readonly string[]): Promise<void> {
    const file = await parentIn(copyRoot, segments, false);
    if (file === null) return;
    const info = await lstat(file).catch(() => null);
    if (info?.isDirectory()) throw new ChangeRejectedError(`${segments.join("/")} is a folder, not a file`);
    await rm(file, { force: true });
}

async function readInCopy(copyRoot: string, segments: readonly string[]): Promise<Buffer> {
    const file = await parentIn(copyRoot, segments, false);
    const info = file === null ? null : await lstat(file).catch(() => null);
    if (file === null || info === null || !info.isFile()) throw new ChangeRejectedError(`${segments.join("/")} does not exist in the workspace`);
    return readFile(file); // bytes: a renamed file keeps its content exactly, text or not
}
