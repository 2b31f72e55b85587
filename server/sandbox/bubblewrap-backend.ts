// Runs a program inside a bubblewrap sandbox: the code in a read-only /sandbox folder, a
// synthetic /etc/passwd, group and hosts (the host's are not shown), the workspace at /workspace,
// the environment built from scratch.
import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
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
            ...(options.extraPipes === undefined ? {} : { extraPipes: options.extraPipes }),
            ...(options.cpuHardSeconds === undefined ? {} : { cpuHardSeconds: options.cpuHardSeconds }),
        });
        return launchContained(spec);
    }
}
