// What the machine offers a check: programs a sandboxed shell can start, and whether the
// sandbox's python has pytest. A check runs with PATH=/usr/local/bin:/usr/bin:/bin and sees only
// /usr (and the /bin, /lib links into it), so a tool installed elsewhere exists on the host but
// not for the check: detection must not offer a check that cannot start. The exception is a tool
// in a versioned toolchain folder (nvm's ~/.nvm/versions/node/v22.11.0/bin/npm): that one folder
// is bound read-only for the check, its bin/ first on PATH (toolchain-folder.ts).
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { findIn, findProgram, isUnderUsr, realPathOrNull } from "../../sandbox/host-tools.ts";
import { toolchainFolderOf } from "./toolchain-folder.ts";
import { SANDBOX_PATH } from "../../sandbox/env.ts";

export interface ProgramLocation {
    /** Where it was found on the host. */
    readonly path: string;
    /** Whether a sandboxed shell finds and can run it (with `toolchain` bound, when there is one). */
    readonly sandboxed: boolean;
    /** The versioned toolchain folder outside /usr the program lives in, bound read-only for the check. */
    readonly toolchain?: string;
}

export interface HostProbe {
    /** `name` as a sandboxed check would find it; a copy found only elsewhere on the host has `sandboxed: false`; null when absent. */
    locate(name: string, pathEnv?: string): ProgramLocation | null;
    /** Whether `python3 -m pytest` works for a sandboxed check. */
    pytestAvailable(): Promise<boolean>;
}

const SANDBOX_BIN_DIRS = SANDBOX_PATH.split(":");

/** Real paths the sandbox's file system shows: /usr, and /bin, /sbin, /lib* where they are folders of their own. */
function visibleInSandbox(realPath: string): boolean {
    return isUnderUsr(realPath) || /^\/(bin|sbin|lib|lib32|lib64|libx32)\//.test(realPath);
}

export const hostProbe: HostProbe = {
    locate(name, pathEnv = process.env.PATH) {
        const inSandboxPath = findIn(name, SANDBOX_BIN_DIRS);
        const real = inSandboxPath === null ? null : realPathOrNull(inSandboxPath);
        if (inSandboxPath !== null && real !== null && visibleInSandbox(real)) return { path: inSandboxPath, sandboxed: true };
        const anywhere = findProgram(name, pathEnv);
        if (anywhere === null) return null;
        const toolchain = toolchainFolderOf(anywhere);
        return toolchain === null ? { path: anywhere, sandboxed: false } : { path: anywhere, sandboxed: true, toolchain };
    },

    async pytestAvailable() {
        const python = hostProbe.locate("python3");
        if (python === null || !python.sandboxed) return false;
        // -I: no user site, no environment, no current folder on sys.path, so nothing of the
        // workspace runs on the host while probing; the folder is a neutral one for the same reason.
        return new Promise((resolve) => {
            execFile(python.path, ["-I", "-c", "import pytest"], { cwd: tmpdir(), timeout: 15_000, env: { PATH: SANDBOX_PATH, LANG: "C.UTF-8" } },
                (error) => resolve(error === null));
        });
    },
};
