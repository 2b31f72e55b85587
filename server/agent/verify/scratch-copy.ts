// The throwaway copy a check runs on: the workspace copied into a private temporary folder,
// without what is heavy and never needed to build or test (version control, caches), with the
// top-level node_modules linked rather than copied (the sandbox binds it read-only in place, so
// tests find their dependencies and a large node_modules costs nothing). The sandbox then copies
// this folder again into its own tmpfs ("copy" workspace mode), so the check can write anywhere in
// its workspace, and neither this folder nor the real workspace sees those writes.
import { constants } from "node:fs";
import { chmod, cp, lstat, mkdir, mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

/** Folders skipped at any depth: version control and tool caches a check rebuilds if it needs them. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
    ".git", ".hg", ".svn", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nox",
    ".turbo", ".parcel-cache", ".nyc_output", ".cache",
]);

/**
 * More than this (after the skips) is not copied: the sandbox holds the copy in memory (tmpfs), and
 * a workspace this large usually carries data or build output no check needs. The check is then
 * not run, and the result says why.
 */
export const MAX_COPY_BYTES = 1024 * 1024 * 1024;

/** Top-level folders shared with the real workspace (read-only in the sandbox) instead of copied. */
export const LINKED_FOLDERS: ReadonlySet<string> = new Set(["node_modules"]);

export interface ScratchCopy {
    /** The copy's root: give it to the sandbox as a "copy" workspace. */
    readonly root: string;
    /** Top-level names that are links to the real workspace: edits must not go through them. */
    readonly linked: ReadonlySet<string>;
    readonly files: number;
    readonly bytes: number;
    readonly ms: number;
    dispose(): Promise<void>;
}

/** The workspace cannot be copied for a check: unreadable, or too large. */
export class WorkspaceUnavailableError extends Error {}

export async function makeScratchCopy(workspaceRoot: string, signal?: AbortSignal, maxBytes: number = MAX_COPY_BYTES): Promise<ScratchCopy> {
    const started = performance.now();
    let source: string;
    try {
        source = await realpath(workspaceRoot);
        if (!(await stat(source)).isDirectory()) throw new Error("not a folder");
    } catch (error) {
        throw new WorkspaceUnavailableError(`the workspace folder ${workspaceRoot} cannot be read (${(error as Error).message})`);
    }
    // The outer folder is private (0700); the copy inside it is 0755 because a root server runs the
    // sandbox as an unprivileged uid, which reaches it through its own bind mount, not through the parent.
    const outer = await mkdtemp(join(tmpdir(), "gptoss-verify-"));
    const dispose = () => rm(outer, { recursive: true, force: true });
    const root = join(outer, "workspace");
    let files = 0;
    let bytes = 0;
    try {
        await mkdir(root);
        await chmod(root, 0o755);
        const linked = new Set<string>();
        const filter = async (path: string): Promise<boolean> => {
            signal?.throwIfAborted();
            if (path === source) return true;
            const info = await lstat(path);
            if (info.isSymbolicLink()) return true; // copied as the link it is; one leading outside dangles in the sandbox
            if (info.isFile()) {
                files += 1;
                bytes += info.size;
                if (bytes > maxBytes) {
                    throw new WorkspaceUnavailableError(`the workspace is too large to copy for a check (over ${Math.round(maxBytes / 1024 / 1024)} MiB without version control, node_modules and caches)`);
                }
                return true;
            }
            if (!info.isDirectory()) return false; // sockets, fifos, devices: nothing a check reads
            return !(await skipFolder(path, source));
        };
        await cp(source, root, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true, mode: constants.COPYFILE_FICLONE, filter });
        for (const name of LINKED_FOLDERS) {
            const original = join(source, name);
            // Only a real folder: a workspace whose node_modules is a link could point the sandbox's bind anywhere on the host.
            const info = await lstat(original).catch(() => null);
            if (info === null || !info.isDirectory()) continue;
            // Not linked into the copy (the sandbox never follows a link there): the run names it
            // as trustedNodeModules and the sandbox binds it read-only.
            linked.add(name);
        }
        return { root, linked, files, bytes, ms: Math.round(performance.now() - started), dispose };
    } catch (error) {
        await dispose();
        throw error;
    }
}

async function skipFolder(path: string, source: string): Promise<boolean> {
    const name = basename(path);
    if (SKIPPED_FOLDERS.has(name)) return true;
    const topLevel = dirname(path) === source;
    if (topLevel && LINKED_FOLDERS.has(name)) return true;
    // A tagged cache (Cache Directory Tagging: cargo's target/, many tools' caches) is rebuilt by the check when needed.
    if (await exists(join(path, "CACHEDIR.TAG"))) return true;
    // A virtualenv is tied to the host's paths and a sandboxed check uses the system python anyway.
    return exists(join(path, "pyvenv.cfg"));
}

function exists(path: string): Promise<boolean> {
    return lstat(path).then(() => true, () => false);
}
