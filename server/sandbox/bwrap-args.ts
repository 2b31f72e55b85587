// The bubblewrap command line for one sandbox, as a pure function of a plan, so what isolation a
// run gets can be read (and unit-tested) in one place. Order matters to bwrap: mounts are made in
// the order given, and the root is remounted read-only last.
import type { SandboxLimits } from "../../protocol/sandbox.ts";
import { SANDBOX_HOME, SANDBOX_WORKSPACE } from "./env.ts";
import type { HostMount } from "./interpreters.ts";
import { prlimitArgs } from "./limits.ts";
import { supervisorArgv } from "./supervisor.ts";
import { layoutArgs, type LayoutOp } from "./system-layout.ts";
import { copyScript, WORKSPACE_SOURCE } from "./workspace-copy.ts";

/** uid/gid the program has inside the sandbox; outside it is the unprivileged uid bwrap runs as. */
export const INNER_UID = 1000;
export const INNER_GID = 1000;

/** A file whose content bwrap reads from an inherited fd and shows read-only at `sandboxPath`. */
export interface DataFileArg {
    readonly fd: number;
    readonly sandboxPath: string;
}

export interface BwrapPlan {
    readonly layout: readonly LayoutOp[];
    readonly limits: SandboxLimits;
    /** Extra read-only binds (interpreter installs outside /usr). */
    readonly mounts: readonly HostMount[];
    /** `source` is the path bwrap can open (the real path, or its view under the root wrapper). */
    readonly workspace?: { readonly source: string; readonly mode: "readonly" | "copy"; readonly nodeModulesSource?: string };
    readonly dataFiles: readonly DataFileArg[];
    readonly env: Readonly<Record<string, string>>;
    readonly cwd: string;
    /** fd carrying a seccomp BPF program, when one is used. */
    readonly seccompFd?: number;
    readonly prlimitPath: string;
    /** CPU hard limit when it should differ from soft+1 (the python session). */
    readonly cpuHardSeconds?: number;
    /** The program and its arguments (run under prlimit). */
    readonly command: readonly string[];
    /** bash, for the supervisor that closes inherited fds first (supervisor.ts). */
    readonly bashPath: string;
    /** "exec": the python session's driver; "report": a one-shot run, reported on at fd 3 when it ends. */
    readonly supervise: "exec" | "report";
    /** The program may write limit reports to fd 3 (the python runner). */
    readonly passStatus: boolean;
}

function tmpfs(path: string, bytes: number): string[] {
    return ["--perms", "0755", "--size", String(bytes), "--tmpfs", path];
}

export function bwrapArgs(plan: BwrapPlan): string[] {
    const args: string[] = [
        // Every namespace: user, pid, net, ipc, uts, cgroup (cgroup only where the kernel has it).
        "--unshare-all",
        "--unshare-user", // explicit, so --disable-userns is allowed
        "--disable-userns", // no nested user namespaces: keeps the kernel surface small
        "--uid", String(INNER_UID), "--gid", String(INNER_GID),
        "--hostname", "sandbox",
        "--die-with-parent", // the sandbox dies with the server
        "--new-session", // setsid: no controlling terminal to push keystrokes into (TIOCSTI)
        "--cap-drop", "ALL",
        ...layoutArgs(plan.layout),
        "--proc", "/proc", // a procfs of the sandbox's own pid namespace: host processes are not in it
        "--dev", "/dev", // null, zero, full, random, urandom, tty only
        ...tmpfs("/dev/shm", Math.min(plan.limits.scratchBytes, 64 * 1024 * 1024)),
        "--remount-ro", "/dev", // /dev is a tmpfs bwrap made: no files can be dropped in it
        ...tmpfs("/tmp", plan.limits.scratchBytes),
        ...tmpfs(SANDBOX_HOME, plan.limits.scratchBytes),
    ];
    for (const mount of plan.mounts) args.push("--ro-bind", mount.hostPath, mount.sandboxPath);
    const workspace = plan.workspace;
    if (workspace !== undefined && workspace.mode === "readonly") {
        args.push("--ro-bind", workspace.source, SANDBOX_WORKSPACE);
    } else if (workspace !== undefined) {
        args.push("--ro-bind", workspace.source, WORKSPACE_SOURCE);
        args.push(...tmpfs(SANDBOX_WORKSPACE, plan.limits.scratchBytes));
        if (workspace.nodeModulesSource !== undefined) args.push("--ro-bind", workspace.nodeModulesSource, `${SANDBOX_WORKSPACE}/node_modules`);
    }
    for (const file of plan.dataFiles) args.push("--perms", "0444", "--ro-bind-data", String(file.fd), file.sandboxPath);
    if (plan.seccompFd !== undefined) args.push("--seccomp", String(plan.seccompFd));
    args.push("--remount-ro", "/"); // the root tmpfs bwrap built: nothing new can be created at the top
    args.push("--clearenv");
    for (const [name, value] of Object.entries(plan.env)) args.push("--setenv", name, value);
    args.push("--chdir", plan.cwd);
    const limited = [plan.prlimitPath, ...prlimitArgs(plan.limits, plan.cpuHardSeconds === undefined ? {} : { cpuHardSeconds: plan.cpuHardSeconds }), "--"];
    if (workspace?.mode === "copy") limited.push("/bin/sh", "-c", copyScript(SANDBOX_WORKSPACE), "sandbox-copy");
    limited.push(...plan.command);
    // The supervisor runs first, outside the rlimits: it closes inherited fds, then runs the rest.
    const scratch = ["/tmp", SANDBOX_HOME, "/dev/shm", ...(workspace?.mode === "copy" ? [SANDBOX_WORKSPACE] : [])];
    args.push("--", ...supervisorArgv(plan.bashPath, { mode: plan.supervise, where: "sandbox", passStatus: plan.passStatus, scratch, fileSizeBytes: plan.limits.fileSizeBytes }, limited));
    return args;
}
