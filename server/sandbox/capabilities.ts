// Finding out, once at start, what isolation this machine can give: is bubblewrap there, can it
// make user namespaces, and does a trivial sandboxed run work end to end. The answer names the
// namespaces a run really got (read from /proc/self/ns inside, compared with the server's own).
import { execFile } from "node:child_process";
import { readlinkSync } from "node:fs";
import { promisify } from "node:util";
import type { SandboxCapabilities, SandboxNamespaces } from "../../protocol/sandbox.ts";
import { BubblewrapBackend } from "./bubblewrap-backend.ts";
import { findProgram } from "./host-tools.ts";
import { resolveInterpreters, type InterpreterOverrides, type Interpreters } from "./interpreters.ts";
import type { SandboxHost } from "./launch-plan.ts";
import { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";
import type { Program } from "./program.ts";
import { runToEnd } from "./run-to-end.ts";
import { findBash } from "./supervisor.ts";
import { systemLayout } from "./system-layout.ts";

const NAMESPACES = ["user", "pid", "net", "ipc", "uts", "cgroup", "mnt"] as const;
/** Without these the sandbox is not worth the name: no network, no view of host processes, its own mounts and uid. */
const REQUIRED: readonly (keyof SandboxNamespaces)[] = ["user", "pid", "net", "mnt"];

export interface DetectOptions {
    interpreters?: InterpreterOverrides;
    /** uid/gid a root server drops to (default 65534, "nobody"). */
    sandboxUid?: number;
    sandboxGid?: number;
    seccomp?: Buffer;
}

export interface Detection {
    capabilities: SandboxCapabilities;
    host: SandboxHost | null;
    interpreters: Interpreters;
}

export async function detectCapabilities(options: DetectOptions = {}): Promise<Detection> {
    const interpreters = await resolveInterpreters(options.interpreters);
    const base = {
        platform: process.platform,
        interpreters: {
            python: interpreters.python?.hostPath ?? null,
            node: interpreters.node?.hostPath ?? null,
            shell: interpreters.shell?.hostPath ?? null,
        },
    };
    const none = (reason: string, extra: Partial<SandboxCapabilities> = {}): Detection => ({
        capabilities: { isolation: "none", reason, bwrapPath: null, bwrapVersion: null, namespaces: null, sandboxUid: null, ...base, ...extra },
        host: null,
        interpreters,
    });
    if (process.platform !== "linux") {
        return none(`no sandbox for ${process.platform} yet (bubblewrap is Linux-only; see the sandbox README for the macOS and Windows plans)`);
    }
    const bwrapPath = findProgram("bwrap");
    if (bwrapPath === null) return none("bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt install bubblewrap");
    const bwrapVersion = await versionOf(bwrapPath);
    const prlimitPath = findProgram("prlimit");
    if (prlimitPath === null) return none("prlimit (util-linux) was not found, so resource limits cannot be set", { bwrapPath, bwrapVersion });
    const bashPath = findBash();
    if (bashPath === null) return none("bash was not found in /usr/bin or /bin; the sandbox needs it to close the descriptors it inherits", { bwrapPath, bwrapVersion });
    const isRoot = process.geteuid?.() === 0;
    let dropPrivileges: SandboxHost["dropPrivileges"] = null;
    if (isRoot) {
        const setprivPath = findProgram("setpriv");
        if (setprivPath === null) return none("the server runs as root and setpriv (util-linux) was not found to run the sandbox as an unprivileged user", { bwrapPath, bwrapVersion });
        dropPrivileges = { uid: options.sandboxUid ?? 65534, gid: options.sandboxGid ?? 65534, setprivPath };
    }
    const host: SandboxHost = { bwrapPath, prlimitPath, bashPath, layout: systemLayout(), dropPrivileges };
    const sandboxUid = dropPrivileges?.uid ?? process.getuid?.() ?? null;
    const trial = await trialRun(host, options.seccomp);
    if (trial.error !== undefined) {
        return none(`bubblewrap is installed but a trial run failed: ${trial.error}`, { bwrapPath, bwrapVersion, sandboxUid });
    }
    const namespaces = trial.namespaces!;
    const missing = REQUIRED.filter((name) => !namespaces[name]);
    if (missing.length > 0) {
        return none(`bubblewrap ran without ${missing.join(", ")} namespace isolation`, { bwrapPath, bwrapVersion, sandboxUid, namespaces });
    }
    const got = NAMESPACES.filter((name) => namespaces[name]).join(", ");
    const who = dropPrivileges === null ? `uid ${sandboxUid}` : `uid ${dropPrivileges.uid} (the server is root; the sandbox drops to an unprivileged uid)`;
    return {
        capabilities: {
            isolation: "bubblewrap",
            reason: `bubblewrap ${bwrapVersion ?? ""}`.trim() + `: new ${got} namespaces, no network, read-only system, runs as ${who}` + (options.seccomp === undefined ? "" : ", seccomp filter"),
            bwrapPath, bwrapVersion, namespaces, sandboxUid, ...base,
        },
        host,
        interpreters,
    };
}

async function versionOf(bwrapPath: string): Promise<string | null> {
    try {
        const { stdout } = await promisify(execFile)(bwrapPath, ["--version"], { timeout: 5_000, env: {} });
        return stdout.trim().replace(/^bubblewrap\s+/, "") || null;
    } catch {
        return null;
    }
}

/** Runs `readlink /proc/self/ns/*` in a real sandbox with the real launcher, and compares with the server's own namespaces. */
async function trialRun(host: SandboxHost, seccomp: Buffer | undefined): Promise<{ error?: string; namespaces?: SandboxNamespaces }> {
    const script = NAMESPACES.map((name) => `readlink /proc/self/ns/${name} || echo missing`).join("; ");
    const program: Program = { language: "shell", code: script, files: [], argv: () => ["/bin/sh", "-c", script], env: {}, mounts: [] };
    const backend = new BubblewrapBackend(host, seccomp);
    const result = await runToEnd(
        backend.launch(program, { limits: resolveLimits({ timeoutMs: 15_000, cpuSeconds: 5, processes: 16 }, DEFAULT_LIMITS), stdin: "ignore" }),
        { timeoutMs: 15_000, outputBytes: 16_384, exitCodeCarriesSignal: true, limits: resolveLimits({ timeoutMs: 15_000, cpuSeconds: 5, processes: 16 }, DEFAULT_LIMITS) },
    );
    if (result.exitCode !== 0) {
        const detail = result.stderr.trim().split("\n")[0] || (result.timedOut ? "timed out" : `exit code ${result.exitCode}`);
        return { error: detail };
    }
    const inside = result.stdout.trim().split("\n");
    const namespaces = Object.fromEntries(NAMESPACES.map((name, i) => {
        let outside: string | null = null;
        try {
            outside = readlinkSync(`/proc/self/ns/${name}`);
        } catch {
            // the kernel lacks this namespace type
        }
        const mine = inside[i] ?? "missing";
        return [name, mine !== "missing" && outside !== null && mine !== outside];
    })) as SandboxNamespaces;
    return { namespaces };
}
