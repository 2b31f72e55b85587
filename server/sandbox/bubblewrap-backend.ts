// Runs a program inside a bubblewrap sandbox: the code in a read-only /sandbox folder, a
// synthetic /etc/passwd, group and hosts (the host's are not shown), the workspace at /workspace,
// the environment built from scratch.
import { accessSync, constants, lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { INNER_GID, INNER_UID } from "./bwrap-args.ts";
import { launchContained, type ContainedProcess } from "./contained-process.ts";
import { SANDBOX_HOME, SANDBOX_PATH, SANDBOX_WORKSPACE, sandboxEnv } from "./env.ts";
import { sandboxLaunch, type SandboxHost } from "./launch-plan.ts";
import type { LaunchDescription, LaunchOptions, Program } from "./program.ts";

export const SANDBOX_CODE_DIR = "/sandbox";

const ETC_FILES = [
    { sandboxPath: "/etc/passwd", content: `sandbox:x:${INNER_UID}:${INNER_GID}:sandbox:${SANDBOX_HOME}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n` },
    { sandboxPath: "/etc/group", content: `sandbox:x:${INNER_GID}:\nnogroup:x:65534:\n` },
    { sandboxPath: "/etc/hosts", content: "127.0.0.1 localhost sandbox\n::1 localhost\n" },
];

export class WorkspaceError extends Error {}

/** The workspace's real path (binds must not go through symlinks), checked to be a folder. */
export function resolveWorkspacePath(path: string): string {
    let real: string;
    try {
        real = realpathSync(path);
    } catch {
        throw new WorkspaceError(`workspace folder not found: ${path}`);
    }
    if (!statSync(real).isDirectory()) throw new WorkspaceError(`workspace is not a folder: ${path}`);
    return real;
}

/**
 * The one sentence a run gets when the sandbox's uid could not enter the workspace folder, or
 * null when it can. A root server runs the sandbox as an unprivileged uid (65534), which sees the
 * folder through a bind mount with the folder's own permissions: it needs read and search on
 * the folder itself (its parents do not matter). Checked before bwrap starts, so the user reads
 * why and what to do instead of bwrap's "Can't chdir to /workspace: Permission denied".
 */
export function workspaceAccessProblem(path: string, sandboxUser: { uid: number; gid: number } | null): string | null {
    const info = statSync(path);
    if (sandboxUser === null) {
        try {
            accessSync(path, constants.R_OK | constants.X_OK);
            return null;
        } catch {
            return `The sandbox cannot open the workspace folder ${path}: the server's own user may not read it (mode ${modeText(info.mode)}); give it read and search permission (chmod u+rx).`;
        }
    }
    const bits = info.uid === sandboxUser.uid ? (info.mode >> 6) & 7 : info.gid === sandboxUser.gid ? (info.mode >> 3) & 7 : info.mode & 7;
    if ((bits & 5) === 5) return null;
    return `The sandbox cannot open the workspace folder ${path}: the server runs as root, so the sandbox runs as the unprivileged uid ${sandboxUser.uid}, and the folder (mode ${modeText(info.mode)}, owner uid ${info.uid}) does not let others read it; run the editor's server as a normal user, or allow others to read the folder (chmod o+rx).`;
}

function modeText(mode: number): string {
    return (mode & 0o7777).toString(8).padStart(4, "0");
}

/**
 * The node_modules a copy run binds read-only: the one the server vouches for, else the
 * workspace's own when it is a real folder. A link is never followed: a repository that commits
 * `node_modules -> ~/.ssh` must not get that folder mounted into the sandbox.
 */
export function workspaceNodeModules(workspace: string, trusted: string | undefined): string | undefined {
    const candidate = trusted ?? join(workspace, "node_modules");
    const info = lstatOrNull(candidate);
    return info !== null && info.isDirectory() ? candidate : undefined;
}

function lstatOrNull(path: string): Stats | null {
    try {
        return lstatSync(path);
    } catch {
        return null;
    }
}

export class BubblewrapBackend {
    constructor(private readonly host: SandboxHost, private readonly seccomp: Buffer | undefined) {}

    describe(program: Program, options: LaunchOptions): LaunchDescription {
        return { argv: program.argv(SANDBOX_CODE_DIR), cwd: options.workspace === undefined ? SANDBOX_HOME : SANDBOX_WORKSPACE };
    }

    launch(program: Program, options: LaunchOptions): ContainedProcess {
        const { cwd, argv } = this.describe(program, options);
        let workspace: { path: string; mode: "readonly" | "copy"; nodeModules?: string } | undefined;
        const extraEnv: Record<string, string> = { ...program.env };
        if (options.workspace !== undefined) {
            const path = resolveWorkspacePath(options.workspace.path);
            const problem = workspaceAccessProblem(path, this.host.dropPrivileges);
            if (problem !== null) throw new WorkspaceError(problem);
            const nodeModules = options.workspace.mode === "copy" ? workspaceNodeModules(path, options.trustedNodeModules) : undefined;
            workspace = { path, mode: options.workspace.mode, ...(nodeModules === undefined ? {} : { nodeModules }) };
            extraEnv.NODE_PATH = `${SANDBOX_WORKSPACE}/node_modules`; // lets a snippet in /sandbox require the workspace's packages
        }
        const mounts = [...program.mounts];
        if (options.trustedToolchain !== undefined) {
            mounts.push({ hostPath: options.trustedToolchain, sandboxPath: options.trustedToolchain });
            extraEnv.PATH = `${options.trustedToolchain}/bin:${SANDBOX_PATH}`;
        }
        const spec = sandboxLaunch(this.host, {
            limits: options.limits,
            mounts,
            ...(workspace === undefined ? {} : { workspace }),
            files: [...program.files.map((file) => ({ sandboxPath: `${SANDBOX_CODE_DIR}/${file.name}`, content: file.content })), ...ETC_FILES],
            ...(this.seccomp === undefined ? {} : { seccomp: this.seccomp }),
            env: sandboxEnv(extraEnv, cwd),
            cwd,
            command: argv,
            stdin: options.stdin,
            // fd 3 always exists: the status pipe of a one-shot run, the session's control pipe.
            extraPipes: Math.max(1, options.extraPipes ?? 1),
            supervise: options.session === true ? "exec" : "report",
            passStatus: program.language === "python",
            ...(options.cpuHardSeconds === undefined ? {} : { cpuHardSeconds: options.cpuHardSeconds }),
        });
        return launchContained(spec);
    }
}
