// Runs a launched process to its end: collects capped output, enforces the wall-clock timeout,
// honours the AbortSignal, and turns the launcher's exit into a run result. Used for one-shot
// runs in and out of the sandbox.
import { constants } from "node:os";
import type { SandboxKilledReason, SandboxLimits, SandboxRunResult } from "../../protocol/sandbox.ts";
import type { ContainedProcess } from "./contained-process.ts";
import { describeLimits, limitsHit, parseStatus } from "./limit-report.ts";
import { HeadTailBuffer } from "./output-buffer.ts";
import { countDescendantTasks, descendantProcesses, whenGone, type ProcessId } from "./process-tree.ts";

/** After the launcher exits, how long to wait for the pipes to reach end-of-file before giving up on them. */
const DRAIN_GRACE_MS = 1_000;
/** After a kill, how long to wait for the killed processes to be torn down (see whenGone). */
const TEARDOWN_GRACE_MS = 5_000;

export type RawRunResult = Omit<SandboxRunResult, "isolation" | "command">;

export interface RunToEndOptions {
    readonly timeoutMs: number;
    readonly outputBytes: number;
    readonly signal?: AbortSignal;
    /** bwrap reports a signal death of the program as exit code 128+n; plain host runs report the signal itself. */
    readonly exitCodeCarriesSignal: boolean;
    /** The run's limits, to name the ones it ran into (from the signal and the status pipe at fd 3). */
    readonly limits: SandboxLimits;
}

export async function runToEnd(proc: ContainedProcess, options: RunToEndOptions): Promise<RawRunResult> {
    const started = performance.now();
    const stdout = new HeadTailBuffer(options.outputBytes);
    const stderr = new HeadTailBuffer(options.outputBytes);
    const stdoutDone = drain(proc.stdout, stdout);
    const stderrDone = drain(proc.stderr, stderr);
    // The status pipe (fd 3): the supervisor's and the python runner's report lines; small, kept whole up to a bound.
    const status = new HeadTailBuffer(16 * 1024);
    const statusDone = proc.pipes[0] === undefined ? Promise.resolve() : drain(proc.pipes[0], status);
    let killedReason: SandboxKilledReason | undefined;
    let tasksAtKill: number | null = null;
    let killed: ProcessId[] = [];
    const killFor = (reason: SandboxKilledReason) => {
        // How full the sandbox was, before the kill takes the supervisor that would have said so.
        if (killedReason === undefined && proc.child.pid !== undefined) {
            tasksAtKill = countDescendantTasks(proc.child.pid);
            killed = descendantProcesses(proc.child.pid);
        }
        killedReason ??= reason;
        proc.kill();
    };
    const timer = setTimeout(() => killFor("timeout"), options.timeoutMs);
    const onAbort = () => killFor("aborted");
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
        const exit = await proc.exited;
        clearTimeout(timer);
        // Whatever is left of the tree goes too (for host runs: background jobs in the group).
        proc.kill();
        // A stopped run ends when what it ran has ended, not merely its launcher.
        if (killed.length > 0) await whenGone(killed, TEARDOWN_GRACE_MS);
        await settleWithin(Promise.all([stdoutDone, stderrDone, statusDone]), DRAIN_GRACE_MS);
        proc.stdout.destroy();
        proc.stderr.destroy();
        proc.pipes[0]?.destroy();
        if (exit.error !== undefined) stderr.push(Buffer.from(`[sandbox] could not start: ${exit.error.message}\n`));
        const decoded = decodeExit(exit.code, exit.signal, options.exitCodeCarriesSignal);
        killedReason ??= reasonFromSignal(decoded.signal);
        const parsed = parseStatus(status.text());
        const report = tasksAtKill === null ? parsed : { ...parsed, left: Math.max(parsed.left ?? 0, tasksAtKill) };
        const truncated = stdout.truncated || stderr.truncated;
        const hit = limitsHit({ ...(killedReason === undefined ? {} : { killedReason }), signal: decoded.signal, truncated, status: report, limits: options.limits });
        const notice = describeLimits(hit, options.limits, report.fullScratch);
        return {
            exitCode: killedReason === "timeout" || killedReason === "aborted" ? null : decoded.exitCode,
            signal: decoded.signal,
            stdout: stdout.text(),
            stderr: stderr.text(),
            truncated,
            durationMs: Math.round(performance.now() - started),
            timedOut: killedReason === "timeout",
            ...(killedReason === undefined ? {} : { killedReason }),
            limitsHit: hit,
            ...(notice === undefined ? {} : { notice }),
        };
    } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
    }
}

export function drain(stream: NodeJS.ReadableStream, into: HeadTailBuffer): Promise<void> {
    return new Promise((resolve) => {
        stream.on("data", (chunk: Buffer) => into.push(chunk));
        stream.once("end", resolve);
        stream.once("close", resolve);
        stream.once("error", () => resolve());
    });
}

export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([promise, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
    clearTimeout(timer);
}

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, num]) => [num, name]));

/**
 * bwrap exits with 128+n when the program died of signal n (as shells do); a program that
 * itself exits with such a code reads the same. Codes above 128 that name a signal are reported
 * as that signal.
 */
export function decodeExit(code: number | null, signal: NodeJS.Signals | null, codeCarriesSignal: boolean): { exitCode: number | null; signal: string | null } {
    if (signal !== null) return { exitCode: null, signal };
    if (code !== null && codeCarriesSignal && code > 128 && SIGNAL_NAMES.has(code - 128)) {
        return { exitCode: code, signal: SIGNAL_NAMES.get(code - 128)! };
    }
    return { exitCode: code, signal: null };
}

function reasonFromSignal(signal: string | null): SandboxKilledReason | undefined {
    if (signal === "SIGXCPU") return "cpu-limit";
    if (signal === "SIGXFSZ") return "file-size-limit";
    return undefined;
}
