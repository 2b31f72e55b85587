// Finding programs on the host. The sandbox only exposes /usr (and the /bin, /lib symlinks into
// it), so interpreters are looked up in the system directories first; a program found elsewhere
// is only usable if its install folder is bound in too (see interpreters.ts).
import { accessSync, constants, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";

export const SYSTEM_BIN_DIRS = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"];

export function isExecutable(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** First executable called `name` in `dirs`, or null. */
export function findIn(name: string, dirs: readonly string[]): string | null {
    for (const dir of dirs) {
        const candidate = join(dir, name);
        if (isExecutable(candidate)) return candidate;
    }
    return null;
}

/** Looks in the system directories, then in the host PATH. */
export function findProgram(name: string, pathEnv: string | undefined = process.env.PATH): string | null {
    const fromPath = (pathEnv ?? "").split(delimiter).filter((dir) => dir.startsWith("/"));
    return findIn(name, [...SYSTEM_BIN_DIRS, ...fromPath]);
}

export function realPathOrNull(path: string): string | null {
    try {
        return realpathSync(path);
    } catch {
        return null;
    }
}

/** True when `path` lies inside /usr, which every sandbox sees read-only. */
export function isUnderUsr(path: string): boolean {
    return path === "/usr" || path.startsWith("/usr/");
}
