// What to run, independent of where: files to place in a code folder, and the command line that
// uses them. The same program runs inside the sandbox (code folder /sandbox, read-only) or, only
// after approval, on the host (a private temporary folder).
import type { SandboxLanguage, SandboxLimits, SandboxWorkspace } from "../../protocol/sandbox.ts";
import type { HostMount, Interpreter } from "./interpreters.ts";

export interface Program {
    readonly language: SandboxLanguage;
    /** The code as given, for approval prompts and transcripts. */
    readonly code: string;
    readonly files: readonly { readonly name: string; readonly content: string }[];
    /** Command line, given the folder the files are in. */
    argv(codeDir: string): string[];
    readonly env: Readonly<Record<string, string>>;
    readonly mounts: readonly HostMount[];
}

export function programFor(interpreter: Interpreter, code: string): Program {
    return {
        language: interpreter.language,
        code,
        files: [{ name: interpreter.codeFileName, content: code }, ...interpreter.supportFiles],
        argv: (codeDir) => interpreter.argv(`${codeDir}/${interpreter.codeFileName}`),
        env: interpreter.env,
        mounts: interpreter.mounts,
    };
}

/** How a program is to be run; shared by the sandboxed and the host backend. */
export interface LaunchOptions {
    readonly limits: SandboxLimits;
    readonly workspace?: SandboxWorkspace;
    readonly stdin: "ignore" | "pipe";
    /** Pipes at fds 3, 4, … of the program. */
    readonly extraPipes?: number;
    /**
     * The python session: the supervisor only closes inherited fds and execs the driver, which
     * reports on its control pipe (fd 3). Otherwise fd 3 is the run's status pipe (supervisor.ts).
     */
    readonly session?: boolean;
    /** Per-process CPU hard limit, when it should differ from soft+1 (the python session). */
    readonly cpuHardSeconds?: number;
    /**
     * Server-side only, never taken from a request: a host node_modules folder the caller vouches
     * for (the real workspace's, when a check runs on a scratch copy of it). Without it, a copy
     * run sees the workspace's node_modules only when that is a real folder, not a link.
     */
    readonly trustedNodeModules?: string;
    /**
     * Server-side only, never taken from a request: a versioned toolchain folder outside /usr
     * (nvm's node) that a check's tool lives in. Bound read-only at its own path, its bin/ first
     * on PATH.
     */
    readonly trustedToolchain?: string;
}

/** The command line and folder as a person approving the run would see them. */
export interface LaunchDescription {
    readonly argv: readonly string[];
    readonly cwd: string;
}

/** Shell-style quoting for showing a command line to people (never executed through a shell). */
export function quoteArgv(argv: readonly string[]): string {
    return argv.map((arg) => /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`).join(" ");
}
