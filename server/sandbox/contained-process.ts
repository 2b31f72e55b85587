// Starting a process tree that can be killed as a whole. The launcher (bwrap, or the root
// wrapper around it) gets its own process group; killing that group kills the launcher, and
// bubblewrap's --die-with-parent then takes the sandbox's pid 1 down, which makes the kernel kill
// every process left in the sandbox's pid namespace, background and double-forked ones included.
// Files the sandbox should see are handed over as inherited fds that bwrap reads; fds 3, 4, …
// come first for the caller's own pipes so their numbers do not depend on how many files there are.
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";

export interface LaunchSpec {
    readonly file: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    /** Host working directory of the launcher (not of the sandboxed program). */
    readonly cwd: string;
    /** Pipes at fds 3, 4, … left open for the caller (e.g. the python session's control channel). */
    readonly extraPipes?: number;
    /** Contents for the fds after those, in order (bwrap's --ro-bind-data / --seccomp read them to EOF). */
    readonly dataFds: readonly (string | Buffer)[];
    readonly stdin: "ignore" | "pipe";
}

export interface ContainedProcess {
    readonly child: ChildProcess;
    readonly stdout: Readable;
    readonly stderr: Readable;
    readonly stdin: Writable | null;
    /** The extra pipes, in order. */
    readonly pipes: readonly (Readable & Writable)[];
    /** Resolves when the launcher has exited (code or signal) or failed to start (error). */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
    /** SIGKILL to the launcher's whole process group; safe to call more than once. */
    kill(): void;
}

export function launchContained(spec: LaunchSpec): ContainedProcess {
    const extra = spec.extraPipes ?? 0;
    const stdio: ("pipe" | "ignore")[] = [spec.stdin, "pipe", "pipe", ...Array.from({ length: extra }, () => "pipe" as const), ...spec.dataFds.map(() => "pipe" as const)];
    const child = spawn(spec.file, [...spec.args], {
        cwd: spec.cwd,
        env: { ...spec.env },
        stdio,
        detached: true, // own process group, so the whole launcher tree can be killed at once
        windowsHide: true,
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
        child.once("exit", (code, signal) => resolve({ code, signal }));
        child.once("error", (error) => resolve({ code: null, signal: null, error }));
    });
    // Writes to fds nobody reads (bwrap failed early) must not crash the server.
    for (let i = 0; i < spec.dataFds.length; i++) {
        const stream = child.stdio[3 + extra + i] as Writable | null;
        if (stream === null) continue;
        stream.on("error", () => {});
        stream.end(spec.dataFds[i]);
    }
    const pipes = Array.from({ length: extra }, (_, i) => child.stdio[3 + i] as Readable & Writable);
    for (const pipe of pipes) pipe.on("error", () => {});
    child.stdin?.on("error", () => {});
    let killed = false;
    return {
        child,
        stdout: child.stdout!,
        stderr: child.stderr!,
        stdin: child.stdin,
        pipes,
        exited,
        kill() {
            if (child.pid === undefined) return;
            try {
                process.kill(-child.pid, "SIGKILL");
            } catch {
                // the group is already gone
            }
            if (!killed) {
                killed = true;
                child.kill("SIGKILL");
            }
        },
    };
}
