// The one place a path from the model becomes a workspace-relative path. The model writes paths
// in many shapes ("./src/a.ts", "src\\a.ts", "/home/me/proj/a.ts", "../secrets"); the plan may
// only ever name files under the workspace folder, and only by a relative path, so that a plan
// can be checked without knowing where the workspace is on disk.
import path from "node:path";

export type CheckedPath = { ok: true; path: string } | { ok: false; message: string };

/**
 * The normal form of a workspace-relative path ("/"-separated, no "." or ".." segments, no
 * trailing "/"), or why it is refused: absolute paths (POSIX, Windows drive or UNC), paths that
 * climb out of the folder with "..", the folder itself, and names no file system accepts.
 */
export function checkWorkspacePath(raw: string): CheckedPath {
    const slashed = raw.trim().replaceAll("\\", "/");
    if (slashed.includes("\0")) return refuse(raw, "it contains a NUL character");
    if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) return refuse(raw, "it is an absolute path; use a path relative to the workspace folder");
    const normal = path.posix.normalize(slashed).replace(/\/+$/, "");
    if (normal === ".." || normal.startsWith("../")) return refuse(raw, "it leads out of the workspace folder with \"..\"");
    if (normal === "" || normal === ".") return refuse(raw, "it names the workspace folder itself, not a file");
    return { ok: true, path: normal };
}

function refuse(raw: string, why: string): CheckedPath {
    return { ok: false, message: `The path "${raw}" is not allowed: ${why}.` };
}
