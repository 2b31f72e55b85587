// Runs a program on the host, without isolation. Only ever reached after the user approved the
// exact command (see approval.ts). It still does what it can: a private temporary folder for the
// code and HOME, an environment built from scratch (no tokens or keys), CPU/memory/file-size
// limits through prlimit, the timeout and output cap, and a kill of the process group at the end.
// What it cannot do is stop the program from reading or writing the user's files, using the
// network, or escaping the process group (setsid): that is why it needs approval.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launchContained, type ContainedProcess } from "./contained-process.ts";
import { SANDBOX_PATH } from "./env.ts";
import { COPY_EXCLUDED } from "./workspace-copy.ts";
import { workspaceNodeModules } from "./bubblewrap-backend.ts";
import { resolveWorkspacePath } from "./bubblewrap-backend.ts";
import type { LaunchDescription, LaunchOptions, Program } from "./program.ts";
import { SUPERVISOR_FILE, SUPERVISOR_SCRIPT, supervisorArgv } from "./supervisor.ts";

export interface HostRunFolder {
    readonly root: string;
    readonly codeDir: string;
    readonly home: string;
    readonly cwd: string;
}

export class HostBackend {
    constructor(private readonly prlimitPath: string | null, private readonly bashPath: string | null) {}

    /** Runs go through the fd-closing supervisor (bash was found). */
    get supervised(): boolean {
        return this.bashPath !== null;
    }

    /** Makes the private folder first, because the command line names it: approval sees the real paths. */
    prepare(options: LaunchOptions): HostRunFolder {
        const root = mkdtempSync(join(tmpdir(), "gptoss-run-"));
        const codeDir = join(root, "code");
        const home = join(root, "home");
        mkdirSync(codeDir, { mode: 0o700 });
        mkdirSync(home, { mode: 0o700 });
        let cwd = home;
        if (options.workspace !== undefined) {
            cwd = resolveWorkspacePath(options.workspace.path);
            if (options.workspace.mode === "copy") cwd = join(root, "workspace");
        }
        return { root, codeDir, home, cwd };
    }

    describe(program: Program, folder: HostRunFolder, options: LaunchOptions): LaunchDescription {
        const limits = this.prlimitPath === null ? [] : [this.prlimitPath,
            `--cpu=${options.limits.cpuSeconds}:${options.cpuHardSeconds ?? options.limits.cpuSeconds + 1}`,
            `--as=${options.limits.memoryBytes}`, `--fsize=${options.limits.fileSizeBytes}`,
            `--nofile=${options.limits.openFiles}`, "--core=0", "--"];
        const command = [...limits, ...program.argv(folder.codeDir)];
        // The supervisor closes the descriptors the server inherited before the program starts (supervisor.ts).
        if (this.bashPath === null) return { argv: command, cwd: folder.cwd };
        const plan = { mode: options.session === true ? "exec" as const : "report" as const, where: "host" as const, passStatus: program.language === "python", scratch: [], fileSizeBytes: options.limits.fileSizeBytes };
        return { argv: supervisorArgv(this.bashPath, plan, command, join(folder.codeDir, SUPERVISOR_FILE)), cwd: folder.cwd };
    }

    /** Starts exactly `described` (the approved command line) in `folder`. */
    launch(program: Program, folder: HostRunFolder, described: LaunchDescription, options: LaunchOptions): ContainedProcess {
        for (const file of program.files) writeFileSync(join(folder.codeDir, file.name), file.content, { mode: 0o600 });
        if (this.bashPath !== null) writeFileSync(join(folder.codeDir, SUPERVISOR_FILE), SUPERVISOR_SCRIPT, { mode: 0o600 });
        if (options.workspace !== undefined && options.workspace.mode === "copy") copyWorkspace(resolveWorkspacePath(options.workspace.path), folder.cwd, options.trustedNodeModules);
        const [file, ...args] = described.argv;
        const interpreterDir = dirname(program.argv(folder.codeDir)[0] ?? "/usr/bin/true");
        const proc = launchContained({
            file: file!,
            args,
            env: { PATH: `${options.trustedToolchain === undefined ? "" : `${options.trustedToolchain}/bin:`}${SANDBOX_PATH}:${interpreterDir}`, HOME: folder.home, LANG: "C.UTF-8", TMPDIR: folder.root, ...program.env },
            cwd: folder.cwd,
            dataFds: [],
            stdin: options.stdin,
            extraPipes: Math.max(1, options.extraPipes ?? 1), // fd 3: status pipe, or the session's control pipe
        });
        void proc.exited.then(() => rmSync(folder.root, { recursive: true, force: true }));
        return proc;
    }

    discard(folder: HostRunFolder): void {
        rmSync(folder.root, { recursive: true, force: true });
    }
}

function copyWorkspace(source: string, dest: string, trustedNodeModules: string | undefined): void {
    cpSync(source, dest, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (path) => !COPY_EXCLUDED.some((name) => path === join(source, name)),
    });
    const nodeModules = workspaceNodeModules(source, trustedNodeModules);
    if (nodeModules !== undefined && !existsSync(join(dest, "node_modules"))) symlinkSync(nodeModules, join(dest, "node_modules"));
}
