// Turns "run this command in a sandbox with these files and mounts" into the launcher command
// line. Two shapes:
//  - an unprivileged server: bwrap directly; it makes a user namespace and the program runs as
//    the server's uid mapped to uid 1000 inside;
//  - a root server: the kernel does not apply RLIMIT_NPROC to root (a fork bomb would not be
//    stopped) and root owns the host's files, so the sandbox must not run as root. A first,
//    privileged bwrap makes a private mount namespace in which the paths the sandbox needs are
//    bound under /tmp/gptoss-host (root can reach /root/…, the unprivileged uid cannot), then
//    setpriv drops to the unprivileged uid (65534, "nobody", by default) with no capabilities
//    left, and the real, unprivileged bwrap runs from there.
import type { SandboxLimits } from "../../protocol/sandbox.ts";
import { bwrapArgs, type DataFileArg } from "./bwrap-args.ts";
import type { LaunchSpec } from "./contained-process.ts";
import { launcherEnv } from "./env.ts";
import type { HostMount } from "./interpreters.ts";
import type { LayoutOp } from "./system-layout.ts";

export interface SandboxHost {
    readonly bwrapPath: string;
    readonly prlimitPath: string;
    /** bash: the supervisor that closes inherited fds runs in it (dash cannot name fds above 9). */
    readonly bashPath: string;
    readonly layout: readonly LayoutOp[];
    /** Set when the server is root: the uid/gid to drop to, and setpriv to do it. */
    readonly dropPrivileges: { readonly uid: number; readonly gid: number; readonly setprivPath: string } | null;
}

export interface SandboxLaunchRequest {
    readonly limits: SandboxLimits;
    readonly mounts: readonly HostMount[];
    readonly workspace?: { readonly path: string; readonly mode: "readonly" | "copy"; readonly nodeModules?: string };
    /** Read-only files created in the sandbox from these contents. */
    readonly files: readonly { readonly sandboxPath: string; readonly content: string | Buffer }[];
    readonly seccomp?: Buffer;
    readonly env: Readonly<Record<string, string>>;
    readonly cwd: string;
    readonly command: readonly string[];
    readonly stdin: "ignore" | "pipe";
    readonly extraPipes?: number;
    readonly cpuHardSeconds?: number;
    readonly supervise: "exec" | "report";
    readonly passStatus: boolean;
}

const STAGE_DIR = "/tmp/gptoss-host";

export function sandboxLaunch(host: SandboxHost, request: SandboxLaunchRequest): LaunchSpec {
    // Host paths bwrap binds: as they are, or (root) as their staged view in the wrapper's mount namespace.
    const staged: { hostPath: string; stagedPath: string }[] = [];
    const visible = (hostPath: string): string => {
        if (host.dropPrivileges === null) return hostPath;
        const stagedPath = `${STAGE_DIR}/${staged.length}`;
        staged.push({ hostPath, stagedPath });
        return stagedPath;
    };
    const dataFds: (string | Buffer)[] = [];
    const firstDataFd = 3 + (request.extraPipes ?? 0);
    const dataFiles: DataFileArg[] = request.files.map((file) => {
        dataFds.push(file.content);
        return { fd: firstDataFd + dataFds.length - 1, sandboxPath: file.sandboxPath };
    });
    let seccompFd: number | undefined;
    if (request.seccomp !== undefined) {
        dataFds.push(request.seccomp);
        seccompFd = firstDataFd + dataFds.length - 1;
    }
    const workspace = request.workspace === undefined ? undefined : {
        source: visible(request.workspace.path),
        mode: request.workspace.mode,
        ...(request.workspace.nodeModules === undefined ? {} : { nodeModulesSource: visible(request.workspace.nodeModules) }),
    };
    const inner = bwrapArgs({
        layout: host.layout,
        limits: request.limits,
        mounts: request.mounts.map((mount) => ({ hostPath: visible(mount.hostPath), sandboxPath: mount.sandboxPath })),
        ...(workspace === undefined ? {} : { workspace }),
        dataFiles,
        env: request.env,
        cwd: request.cwd,
        ...(seccompFd === undefined ? {} : { seccompFd }),
        prlimitPath: host.prlimitPath,
        ...(request.cpuHardSeconds === undefined ? {} : { cpuHardSeconds: request.cpuHardSeconds }),
        command: request.command,
        bashPath: host.bashPath,
        supervise: request.supervise,
        passStatus: request.passStatus,
    });
    const common = { env: launcherEnv(), cwd: "/", dataFds, stdin: request.stdin, ...(request.extraPipes === undefined ? {} : { extraPipes: request.extraPipes }) };
    if (host.dropPrivileges === null) return { file: host.bwrapPath, args: inner, ...common };
    const drop = host.dropPrivileges;
    const outer = [
        "--dev-bind", "/", "/",
        "--tmpfs", "/tmp", // a private /tmp in this mount namespace only; the host's /tmp is untouched
        "--perms", "0755", "--dir", STAGE_DIR,
        ...staged.flatMap(({ hostPath, stagedPath }) => ["--ro-bind", hostPath, stagedPath]),
        // Its own pid namespace, whose pid 1 is bwrap's reaper, killed (--die-with-parent) when this
        // bwrap dies, which kills everything inside, the unprivileged sandbox included. Without it
        // the inner bwrap would outlive a killed server: setpriv's uid change clears the
        // parent-death signal, so nothing would tie it to the server any more.
        "--unshare-pid",
        "--die-with-parent",
        "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", // only for setpriv's switch; dropped by it
        "--", drop.setprivPath,
        `--reuid=${drop.uid}`, `--regid=${drop.gid}`, "--clear-groups",
        "--inh-caps=-all", "--bounding-set=-all",
        "--", host.bwrapPath, ...inner,
    ];
    return { file: host.bwrapPath, args: outer, ...common };
}
