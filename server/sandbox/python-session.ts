// A stateful python session: one long-lived interpreter (python-driver.ts) in one sandbox, so
// variables survive between calls within one agent run, as gpt-oss's `python` tool expects. Each
// call has its own timeout; a call that times out or is aborted kills the session (there is no
// safe way to stop runaway code and keep the interpreter), and says so. The next call then starts
// a fresh interpreter and says that too. Calls are queued: one runs at a time.
import { randomBytes } from "node:crypto";
import type { SandboxIsolation, SandboxKilledReason, SandboxLimitName, SandboxLimits, SandboxRunResult } from "../../protocol/sandbox.ts";
import type { ContainedProcess } from "./contained-process.ts";
import { describeLimits, joinNotices, limitsHit } from "./limit-report.ts";
import { countDescendantTasks } from "./process-tree.ts";
import { MarkerScanner } from "./marker-scanner.ts";
import { HeadTailBuffer } from "./output-buffer.ts";
import { decodeExit } from "./run-to-end.ts";

export interface LaunchedSession {
    readonly proc: ContainedProcess;
    /** The command as shown in transcripts. */
    readonly command: string;
}

export interface PythonSessionDeps {
    readonly isolation: SandboxIsolation;
    readonly limits: SandboxLimits;
    readonly timeoutMs: number;
    readonly outputBytes: number;
    /** Resolves when this cell may run; rejects (SandboxRefusedError) when it may not. */
    approveCell(code: string): Promise<void>;
    /** Starts one interpreter running the driver, with this end-marker token (control pipe at fd 3). */
    launch(token: string): LaunchedSession;
}

export interface ExecOptions {
    signal?: AbortSignal;
    timeoutMs?: number;
}

/** One line for the model: why the interpreter is gone, and what that means for the next call. */
function lostState(result: CellResult): string {
    const why = result.killedReason === "timeout" ? "it was stopped at the time limit"
        : result.killedReason === "aborted" ? "the call was cancelled"
        : result.killedReason === "cpu-limit" ? "it used up its CPU time"
        : result.signal !== null ? `the interpreter was killed by ${result.signal}`
        : `the interpreter exited${result.exitCode === null ? "" : ` with code ${result.exitCode}`}`;
    return `The python session ended (${why}): every variable, import and function from earlier calls is gone, and the next call starts a fresh interpreter.`;
}
const RESTARTED = "A new python session was started: variables from earlier calls are gone.";

export class PythonSession {
    private current: SessionProcess | null = null;
    private everStarted = false;
    private disposed = false;
    private queue: Promise<unknown> = Promise.resolve();
    private lastExit: Promise<unknown> = Promise.resolve();

    constructor(private readonly deps: PythonSessionDeps) {}

    /** True while an interpreter is running (state is kept). */
    get alive(): boolean {
        return this.current !== null && this.current.exit === null;
    }

    /** Runs one cell; the value of a final expression is printed, as in a notebook. */
    exec(code: string, options: ExecOptions = {}): Promise<SandboxRunResult> {
        const next = this.queue.then(() => this.execNow(code, options));
        this.queue = next.catch(() => {});
        return next;
    }

    /** Resolves once the latest interpreter's launcher has exited, and with it everything in its sandbox. */
    whenStopped(): Promise<void> {
        return this.lastExit.then(() => undefined);
    }

    /** Kills the interpreter; later calls are refused. */
    dispose(): void {
        this.disposed = true;
        this.current?.stop("session-disposed");
        this.current = null;
    }

    private async execNow(code: string, options: ExecOptions): Promise<SandboxRunResult> {
        if (this.disposed) throw new Error("the python session was disposed");
        await this.deps.approveCell(code);
        if (this.disposed) throw new Error("the python session was disposed");
        let notice: string | undefined;
        if (!this.alive) {
            if (this.everStarted) notice = RESTARTED;
            const token = randomBytes(12).toString("hex");
            const launched = this.deps.launch(token);
            this.lastExit = launched.proc.exited;
            this.current = new SessionProcess(launched, token, this.deps.outputBytes, this.deps.limits, this.deps.isolation);
            this.everStarted = true;
        }
        const session = this.current!;
        const result = await session.runCell(code, options.timeoutMs ?? this.deps.timeoutMs, options.signal);
        const lost = session.exit !== null;
        if (lost) this.current = null;
        const joined = joinNotices(notice, lost ? lostState(result) : undefined, result.notice);
        const { notice: _cellNotice, ...rest } = result;
        return {
            ...rest,
            isolation: this.deps.isolation,
            command: session.command,
            ...(joined === undefined ? {} : { notice: joined }),
        };
    }
}

type CellResult = Omit<SandboxRunResult, "isolation" | "command">;

/** What the driver reports after a cell (python-driver.ts). */
interface CellStatus {
    ok?: boolean;
    exitCode?: number;
    limit?: SandboxLimitName;
    left?: number;
    threads?: number;
    vm?: number | null;
    fullScratch?: string[];
}

const MiB = 1024 * 1024;

/** The cell's limits and what the driver tidied up, in words. */
function cellReport(status: CellStatus, truncated: boolean, limits: SandboxLimits, isolation: SandboxIsolation): { hit: SandboxLimitName[]; notice?: string } {
    const left = status.left ?? 0;
    const fullScratch = status.fullScratch ?? [];
    const hit = limitsHit({ signal: null, truncated, limits, status: { named: status.limit === undefined ? [] : [status.limit], left, fullScratch } });
    const notes: (string | undefined)[] = [describeLimits(hit, limits, fullScratch)];
    if (left > 0) {
        notes.push(isolation === "bubblewrap"
            ? `The cell left ${left} process${left === 1 ? "" : "es"} running; ${left === 1 ? "it was" : "they were"} ended, so the next cell has all ${limits.processes} process slots again.`
            : `The cell left ${left} process${left === 1 ? "" : "es"} running in the session's process group; ${left === 1 ? "it was" : "they were"} ended (unsandboxed, processes that left the group cannot be found).`);
    }
    if ((status.threads ?? 0) > 0) notes.push(`${status.threads} thread${status.threads === 1 ? "" : "s"} started by earlier cells still run${status.threads === 1 ? "s" : ""} in the session and count${status.threads === 1 ? "s" : ""} against the process limit.`);
    if (typeof status.vm === "number" && status.vm > limits.memoryBytes / 2) {
        notes.push(`The session's interpreter holds ${Math.round(status.vm / MiB)} MiB of its ${Math.round(limits.memoryBytes / MiB)} MiB address space (values kept from earlier cells); \`del\` large variables no longer needed.`);
    }
    const notice = joinNotices(...notes);
    return notice === undefined ? { hit } : { hit, notice };
}

/** One interpreter process and the bookkeeping to split its output into cells. */
class SessionProcess {
    readonly command: string;
    exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    private readonly proc: ContainedProcess;
    private readonly outScanner: MarkerScanner;
    private readonly errScanner: MarkerScanner;
    private out: HeadTailBuffer;
    private err: HeadTailBuffer;
    private outMarks = 0;
    private errMarks = 0;
    private ready = false;
    private readonly statuses: Record<string, unknown>[] = [];
    private control = "";
    private killedReason: SandboxKilledReason | undefined;
    private readonly waiters = new Set<() => void>();

    private tasksAtKill: number | null = null;

    constructor(launched: LaunchedSession, token: string, private readonly outputBytes: number, private readonly limits: SandboxLimits, private readonly isolation: SandboxIsolation) {
        this.proc = launched.proc;
        this.command = launched.command;
        const marker = Buffer.from(`\x1e${token}\x1e`);
        this.outScanner = new MarkerScanner(marker);
        this.errScanner = new MarkerScanner(marker);
        this.out = new HeadTailBuffer(outputBytes);
        this.err = new HeadTailBuffer(outputBytes);
        this.proc.stdout.on("data", (chunk: Buffer) => this.outScanner.push(chunk, (bytes) => this.out.push(bytes), () => { this.outMarks++; this.notify(); }));
        this.proc.stderr.on("data", (chunk: Buffer) => this.errScanner.push(chunk, (bytes) => this.err.push(bytes), () => { this.errMarks++; this.notify(); }));
        this.proc.pipes[0]!.on("data", (chunk: Buffer) => this.onControl(chunk));
        void this.proc.exited.then(async (exit) => {
            // Let the last output arrive before the cell is closed.
            await new Promise((resolve) => setTimeout(resolve, 50));
            this.outScanner.end((bytes) => this.out.push(bytes));
            this.errScanner.end((bytes) => this.err.push(bytes));
            if (exit.error !== undefined) this.err.push(Buffer.from(`[sandbox] could not start python: ${exit.error.message}\n`));
            this.exit = { code: exit.code, signal: exit.signal };
            this.proc.kill();
            this.notify();
        });
    }

    stop(reason: SandboxKilledReason): void {
        // How full the sandbox was, before the kill takes that away (the fork bomb that ran into the time limit).
        if (this.killedReason === undefined && this.proc.child.pid !== undefined) this.tasksAtKill = countDescendantTasks(this.proc.child.pid);
        this.killedReason ??= reason;
        this.proc.kill();
    }

    async runCell(code: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<CellResult> {
        const started = performance.now();
        const timer = setTimeout(() => this.stop("timeout"), timeoutMs);
        const onAbort = () => this.stop("aborted");
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
        try {
            await this.until(() => this.ready || this.exit !== null);
            // Output that arrived between cells (a background thread, say) is shown with this cell.
            const outTarget = this.outMarks + 1;
            const errTarget = this.errMarks + 1;
            const statusIndex = this.statuses.length;
            if (this.exit === null) {
                const bytes = Buffer.from(code, "utf8");
                this.proc.stdin?.write(Buffer.concat([Buffer.from(`EXEC ${bytes.length}\n`), bytes]));
            }
            await this.until(() => this.exit !== null || (this.statuses.length > statusIndex && this.outMarks >= outTarget && this.errMarks >= errTarget));
            const stdout = this.out;
            const stderr = this.err;
            this.out = new HeadTailBuffer(this.outputBytes);
            this.err = new HeadTailBuffer(this.outputBytes);
            const base = { stdout: stdout.text(), stderr: stderr.text(), truncated: stdout.truncated || stderr.truncated, durationMs: Math.round(performance.now() - started) };
            if (this.exit === null) {
                const status = this.statuses[statusIndex]! as CellStatus;
                const exitCode = typeof status.exitCode === "number" ? status.exitCode : status.ok === true ? 0 : 1;
                const report = cellReport(status, base.truncated, this.limits, this.isolation);
                return { ...base, exitCode, signal: null, timedOut: false, limitsHit: report.hit, ...(report.notice === undefined ? {} : { notice: report.notice }) };
            }
            const decoded = decodeExit(this.exit.code, this.exit.signal, true);
            const killedReason: SandboxKilledReason = this.killedReason ?? (decoded.signal === "SIGXCPU" ? "cpu-limit" : decoded.signal === "SIGXFSZ" ? "file-size-limit" : "session-died");
            const killedByUs = killedReason === "timeout" || killedReason === "aborted" || killedReason === "session-disposed";
            const hit = limitsHit({
                killedReason, signal: decoded.signal, truncated: base.truncated, limits: this.limits,
                status: { named: [], left: this.tasksAtKill, fullScratch: [] },
            });
            const notice = describeLimits(hit, this.limits);
            return {
                ...base, exitCode: killedByUs ? null : decoded.exitCode, signal: decoded.signal, timedOut: killedReason === "timeout", killedReason,
                limitsHit: hit, ...(notice === undefined ? {} : { notice }),
            };
        } finally {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
        }
    }

    private onControl(chunk: Buffer): void {
        this.control += chunk.toString("utf8");
        let newline: number;
        while ((newline = this.control.indexOf("\n")) !== -1) {
            const line = this.control.slice(0, newline);
            this.control = this.control.slice(newline + 1);
            try {
                const message = JSON.parse(line) as Record<string, unknown>;
                if (message.ready === true) this.ready = true;
                else this.statuses.push(message);
            } catch {
                // not ours: ignore
            }
        }
        this.notify();
    }

    private until(condition: () => boolean): Promise<void> {
        if (condition()) return Promise.resolve();
        return new Promise((resolve) => {
            const check = () => {
                if (!condition()) return;
                this.waiters.delete(check);
                resolve();
            };
            this.waiters.add(check);
        });
    }

    private notify(): void {
        for (const waiter of [...this.waiters]) waiter();
    }
}
