// Which limits a run ran into, and the sentence that says so. The evidence, never the program's
// output: the signal that ended it (SIGXCPU, SIGXFSZ), the server's own timer, the output cap,
// the lines the python runner / session driver write on the status pipe when an exception carries
// a limit's errno (MemoryError, EFBIG, ENOSPC, EAGAIN from fork, EMFILE), and the supervisor's
// after-run look at the sandbox (every process slot taken, a scratch tmpfs with no room left).
import type { SandboxLimitName, SandboxLimits, SandboxRunResult } from "../../protocol/sandbox.ts";

/** What arrived on the status pipe, parsed. */
export interface StatusReport {
    /** Limits named by the python runner ("limit <name>" lines). */
    readonly named: readonly SandboxLimitName[];
    /** Processes still in the sandbox's pid namespace when the program ended (supervisor, sandbox only). */
    readonly left: number | null;
    /** Scratch folders with no room left. */
    readonly fullScratch: readonly string[];
}

const NAMES: readonly SandboxLimitName[] = ["memory", "cpu", "processes", "file-size", "scratch", "open-files", "output", "timeout"];

/** A tmpfs with less room than this left is full: writes fail with ENOSPC below a page or two. */
const FULL_BELOW_BYTES = 16 * 1024;

export function parseStatus(text: string): StatusReport {
    const named: SandboxLimitName[] = [];
    const fullScratch: string[] = [];
    let left: number | null = null;
    for (const line of text.split("\n")) {
        const words = line.trim().split(" ");
        if (words[0] === "limit" && NAMES.includes(words[1] as SandboxLimitName)) named.push(words[1] as SandboxLimitName);
        else if (words[0] === "left" && /^\d+$/.test(words[1] ?? "")) left = Number(words[1]);
        else if (words[0] === "free" && /^\d+$/.test(words[1] ?? "") && /^\d+$/.test(words[2] ?? "")) {
            if (Number(words[1]) * Number(words[2]) < FULL_BELOW_BYTES) fullScratch.push(words.slice(3).join(" "));
        }
    }
    return { named, left, fullScratch };
}

export interface LimitEvidence {
    readonly killedReason?: SandboxRunResult["killedReason"];
    readonly signal: string | null;
    readonly truncated: boolean;
    readonly status: StatusReport;
    readonly limits: SandboxLimits;
}

/**
 * The limits hit, the one that stopped the run first. Leftover processes count as the process
 * limit when they hold all slots but the supervisor's and pid 1's (RLIMIT_NPROC counts threads
 * too, so a run at its limit can show slightly fewer processes).
 */
export function limitsHit(evidence: LimitEvidence): SandboxLimitName[] {
    const hit: SandboxLimitName[] = [];
    const add = (name: SandboxLimitName) => { if (!hit.includes(name)) hit.push(name); };
    if (evidence.killedReason === "timeout") add("timeout");
    if (evidence.signal === "SIGXCPU" || evidence.killedReason === "cpu-limit") add("cpu");
    if (evidence.signal === "SIGXFSZ" || evidence.killedReason === "file-size-limit") add("file-size");
    for (const name of evidence.status.named) add(name);
    if (evidence.status.left !== null && evidence.status.left >= Math.max(1, evidence.limits.processes - 2)) add("processes");
    if (evidence.status.fullScratch.length > 0) add("scratch");
    if (evidence.truncated) add("output");
    return hit;
}

const MiB = 1024 * 1024;

function size(bytes: number): string {
    return bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** One sentence per limit, for the text the model and the user read. */
export function describeLimit(name: SandboxLimitName, limits: SandboxLimits, fullScratch: readonly string[] = []): string {
    switch (name) {
        case "memory": return `It ran out of memory: the address-space limit is ${size(limits.memoryBytes)} per process (memoryBytes).`;
        case "cpu": return `It used up its CPU time: ${limits.cpuSeconds} s per process (cpuSeconds).`;
        case "processes": return `It reached the process limit: ${limits.processes} processes and threads at once (processes).`;
        case "file-size": return `It tried to write a file larger than the file-size limit of ${size(limits.fileSizeBytes)} (fileSizeBytes).`;
        case "scratch": return `Its scratch space filled up: ${size(limits.scratchBytes)} per writable folder (scratchBytes)${fullScratch.length === 0 ? "" : `; full: ${fullScratch.join(", ")}`}.`;
        case "open-files": return `It reached the open-files limit of ${limits.openFiles} (openFiles).`;
        case "output": return `Its output was cut at ${size(limits.outputBytes)} per stream (outputBytes): the start and the end are kept, with a count of what was left out.`;
        case "timeout": return `It was stopped at the wall-clock limit of ${Math.round(limits.timeoutMs / 100) / 10} s (timeoutMs).`;
    }
}

export function describeLimits(hit: readonly SandboxLimitName[], limits: SandboxLimits, fullScratch: readonly string[] = []): string | undefined {
    if (hit.length === 0) return undefined;
    return `Limit reached. ${hit.map((name) => describeLimit(name, limits, fullScratch)).join(" ")}`;
}

/** The limits that stop or break a run; the output cap only shortens what is shown. */
export function stoppingLimits(hit: readonly SandboxLimitName[] | undefined): SandboxLimitName[] {
    return (hit ?? []).filter((name) => name !== "output");
}

export function joinNotices(...notes: (string | undefined)[]): string | undefined {
    const kept = notes.filter((note): note is string => note !== undefined && note !== "");
    return kept.length === 0 ? undefined : kept.join(" ");
}
