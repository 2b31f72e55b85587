// The workspace as the agent sees it: files under one root folder, where an unsaved editor
// buffer wins over the disk (the user's view of the file is what the model must edit), paths
// are workspace-relative with "/", nothing outside the root can be reached (no "..", no
// absolute paths, no symlinks leading out), and .gitignore'd (at any depth) or heavy folders are
// skipped when listing and searching.
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import type { OpenBuffer } from "../../protocol/index.ts";
import { GitignoreRules } from "./gitignore-rules.ts";
import { ToolError } from "./tool.ts";

/** Folders never worth listing or searching, ignored or not. */
const ALWAYS_SKIPPED = new Set([".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv", "target", "dist", "out", ".next", ".cache"]);
/** Files larger than this are not read whole or searched: they are data, not code. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

export interface WalkedFile {
    path: string;
    size: number;
}

export class AgentWorkspace {
    private readonly buffers: Map<string, string>;
    private readonly ignoreRules: GitignoreRules;

    constructor(readonly root: string, openBuffers: readonly OpenBuffer[] = []) {
        this.buffers = new Map(openBuffers.map((buffer) => [normalise(buffer.path), buffer.text]));
        this.ignoreRules = new GitignoreRules(root);
    }

    /** The workspace-relative form of a path the model wrote, or a ToolError if it leads outside. */
    relative(input: string): string {
        const cleaned = input.trim().replaceAll("\\", "/").replace(/^\.\//, "");
        if (cleaned === "" || cleaned === ".") return "";
        if (path.isAbsolute(cleaned)) {
            const inside = path.relative(this.root, cleaned);
            if (inside.startsWith("..") || path.isAbsolute(inside)) throw new ToolError(`${input} is outside the workspace; use a path relative to the workspace folder.`);
            return inside.split(path.sep).join("/");
        }
        const resolved = path.posix.normalize(cleaned);
        if (resolved === ".." || resolved.startsWith("../")) throw new ToolError(`${input} is outside the workspace; use a path relative to the workspace folder.`);
        return resolved.replace(/\/$/, "");
    }

    /** Absolute path for a workspace-relative one, checked to stay inside even through symlinks. */
    async absolute(relativePath: string): Promise<string> {
        const absolute = path.join(this.root, relativePath);
        const real = await realpath(absolute).catch(() => null);
        if (real !== null) {
            const rootReal = await realpath(this.root);
            const inside = path.relative(rootReal, real);
            if (inside.startsWith("..") || path.isAbsolute(inside)) throw new ToolError(`${relativePath} leads outside the workspace (a symbolic link); it cannot be read.`);
        }
        return absolute;
    }

    /** The file's text as the user sees it (unsaved buffer first), or null when it does not exist. */
    async readText(input: string): Promise<string | null> {
        const relativePath = this.relative(input);
        const buffered = this.buffers.get(relativePath);
        if (buffered !== undefined) return buffered;
        const absolute = await this.absolute(relativePath);
        const stats = await lstat(absolute).catch(() => null);
        if (stats === null) return null;
        if (stats.isDirectory()) throw new ToolError(`${relativePath} is a folder; use list_files to see what it holds.`);
        if (stats.size > MAX_TEXT_FILE_BYTES) throw new ToolError(`${relativePath} is ${(stats.size / 1e6).toFixed(1)} MB, too large to read as text.`);
        const bytes = await readFile(absolute);
        if (bytes.includes(0)) throw new ToolError(`${relativePath} is a binary file.`);
        return bytes.toString("utf8");
    }

    hasBuffer(relativePath: string): boolean {
        return this.buffers.has(relativePath);
    }

    get openBuffers(): OpenBuffer[] {
        return [...this.buffers].map(([bufferPath, text]) => ({ path: bufferPath, text }));
    }

    /** Files under `start` (workspace-relative), in path order, skipping ignored and heavy folders. */
    async *walk(start = "", signal?: AbortSignal): AsyncGenerator<WalkedFile> {
        const rules = this.ignoreRules;
        const startAbsolute = await this.absolute(start);
        const stack: string[] = [start];
        // Depth-first in sorted order, so listings read like a tree and results are stable.
        while (stack.length > 0) {
            if (signal?.aborted) return;
            const folder = stack.pop()!;
            const absolute = folder === start ? startAbsolute : path.join(this.root, folder);
            const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
            entries.sort((a, b) => a.name.localeCompare(b.name));
            const subfolders: string[] = [];
            for (const entry of entries) {
                const entryPath = folder === "" ? entry.name : `${folder}/${entry.name}`;
                if (entry.isDirectory()) {
                    if (ALWAYS_SKIPPED.has(entry.name) || await rules.ignores(entryPath, true)) continue;
                    subfolders.push(entryPath);
                } else if (entry.isFile()) {
                    if (await rules.ignores(entryPath, false)) continue;
                    const stats = await lstat(path.join(this.root, entryPath)).catch(() => null);
                    yield { path: entryPath, size: stats?.size ?? 0 };
                }
            }
            for (const subfolder of subfolders.reverse()) stack.push(subfolder);
        }
    }
}

function normalise(input: string): string {
    return path.posix.normalize(input.replaceAll("\\", "/")).replace(/^\.\//, "");
}
