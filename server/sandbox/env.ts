// The environment a sandboxed program sees: built from nothing, never copied from the host, so
// no token, key or path of the user's leaks in. Also the environment bubblewrap itself is started
// with: bwrap's own pid-1 process keeps the environment it was started with, and a program in the
// sandbox can read it at /proc/1/environ, so the host environment must not reach bwrap at all.
export const SANDBOX_HOME = "/home/sandbox";
export const SANDBOX_WORKSPACE = "/workspace";
export const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";

export function sandboxEnv(extra: Readonly<Record<string, string>>, cwd: string): Record<string, string> {
    return {
        PATH: SANDBOX_PATH,
        HOME: SANDBOX_HOME,
        USER: "sandbox",
        LOGNAME: "sandbox",
        LANG: "C.UTF-8",
        LC_ALL: "C.UTF-8",
        TMPDIR: "/tmp",
        TERM: "dumb",
        PWD: cwd,
        ...extra,
    };
}

/** What bwrap (and the root wrapper before it) are spawned with: just enough to find programs. */
export function launcherEnv(): Record<string, string> {
    return { PATH: SANDBOX_PATH, LANG: "C.UTF-8" };
}
