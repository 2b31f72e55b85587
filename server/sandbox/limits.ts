// Default resource limits and how they turn into rlimits. Defaults suit a model checking its work
// (a snippet, a unit test run) on a laptop: generous enough for real work, small enough that a
// runaway program cannot take the machine down. Every limit can be lowered or raised per run.
import { SandboxLimits, type SandboxLimitsOverride } from "../../protocol/sandbox.ts";

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: SandboxLimits = Object.freeze({
    timeoutMs: 120_000, // gpt-oss's python tool was trained with a 120 s timeout
    cpuSeconds: 120,
    memoryBytes: 2048 * MiB,
    processes: 128,
    fileSizeBytes: 64 * MiB,
    scratchBytes: 256 * MiB,
    outputBytes: 64 * 1024,
    openFiles: 1024,
});

/** Fills in defaults and checks the result against the schema's hard caps (throws when out of range). */
export function resolveLimits(override: SandboxLimitsOverride | undefined, base: SandboxLimits = DEFAULT_LIMITS): SandboxLimits {
    return SandboxLimits.parse({ ...base, ...stripUndefined(override ?? {}) });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * prlimit(1) arguments (util-linux) for the limits enforced by the kernel per process. The CPU
 * hard limit is one second above the soft one: at the soft limit the kernel sends SIGXCPU (which
 * a program may catch), at the hard limit SIGKILL. RLIMIT_NPROC only holds because the sandbox
 * runs as a non-root uid in its own user namespace, where the kernel counts processes per
 * namespace (see README: root is exempt from RLIMIT_NPROC, hence the uid drop).
 */
export function prlimitArgs(limits: SandboxLimits, options: { cpuHardSeconds?: number } = {}): string[] {
    const cpuHard = options.cpuHardSeconds ?? limits.cpuSeconds + 1;
    return [
        `--cpu=${limits.cpuSeconds}:${cpuHard}`,
        `--as=${limits.memoryBytes}`,
        `--nproc=${limits.processes}`,
        `--fsize=${limits.fileSizeBytes}`,
        `--nofile=${limits.openFiles}`,
        "--core=0", // no core dumps: they would land in the scratch folder or the host's core handler
    ];
}
