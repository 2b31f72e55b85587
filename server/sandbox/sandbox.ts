// The sandbox as the server uses it: created once (capability detection), then `run` for one-off
// programs and `createPythonSession` for gpt-oss's stateful python tool. It decides per run,
// from the settings and the capabilities, whether the run goes into bubblewrap without asking,
// asks first, or is refused; it never falls back from the sandbox to the host on its own. The
// only way to run outside the sandbox is an approval of that exact command (`runUnsandboxed`,
// or every run when there is no sandbox and the setting says "ask").
import {
    SandboxRunParams, type SandboxApprovalParams, type SandboxCapabilities, type SandboxIfUnavailable,
    type SandboxLanguage, type SandboxLimits, type SandboxLimitsOverride, type SandboxMode, type SandboxRunResult,
    type SandboxStatus, type SandboxWorkspace,
} from "../../protocol/sandbox.ts";
import { askApproval, type Approver } from "./approval.ts";
import { BubblewrapBackend } from "./bubblewrap-backend.ts";
import { detectCapabilities, type Detection } from "./capabilities.ts";
import { SandboxRefusedError } from "./errors.ts";
import { findProgram } from "./host-tools.ts";
import { HostBackend } from "./host-backend.ts";
import type { Interpreter, InterpreterOverrides } from "./interpreters.ts";
import { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";
import { DEFAULT_SETTINGS, sandboxStatus, type SandboxSettings } from "./policy.ts";
import { programFor, quoteArgv, type LaunchOptions, type Program } from "./program.ts";
import { PYTHON_DRIVER } from "./python-driver.ts";
import { PythonSession, type LaunchedSession } from "./python-session.ts";
import { runToEnd } from "./run-to-end.ts";
import { seccompFilter } from "./seccomp.ts";
import { findBash } from "./supervisor.ts";
import { SANDBOX_HOME, SANDBOX_WORKSPACE } from "./env.ts";
import { joinNotices } from "./limit-report.ts";

export interface SandboxOptions {
    mode?: SandboxMode;
    ifUnavailable?: SandboxIfUnavailable;
    /** Asked before any run that needs approval; sees the exact code and command line. */
    approve?: Approver;
    /** Defaults for every run (each run may override them). */
    limits?: SandboxLimitsOverride;
    interpreters?: InterpreterOverrides;
    /** uid/gid a root server runs the sandbox as (default 65534). */
    sandboxUid?: number;
    sandboxGid?: number;
    /** Pretend no isolation is available (tests, or a user who distrusts it): only ever makes runs need approval. */
    forceNoIsolation?: string;
    /** Install the seccomp filter (default true where the architecture is supported). */
    seccomp?: boolean;
}

export type RunRequest = SandboxRunParams & { signal?: AbortSignal; trustedNodeModules?: string; trustedToolchain?: string };

export interface PythonSessionOptions {
    workspace?: SandboxWorkspace;
    limits?: SandboxLimitsOverride;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
    const seccomp = options.seccomp === false ? undefined : seccompFilter(process.arch) ?? undefined;
    const detection = await detectCapabilities({
        ...(options.interpreters === undefined ? {} : { interpreters: options.interpreters }),
        ...(options.sandboxUid === undefined ? {} : { sandboxUid: options.sandboxUid }),
        ...(options.sandboxGid === undefined ? {} : { sandboxGid: options.sandboxGid }),
        ...(seccomp === undefined ? {} : { seccomp }),
    });
    if (options.forceNoIsolation !== undefined) {
        detection.capabilities = { ...detection.capabilities, isolation: "none", reason: options.forceNoIsolation };
        detection.host = null;
    }
    return new Sandbox(detection, options, seccomp);
}

export class Sandbox {
    private settings: SandboxSettings;
    private readonly defaults: SandboxLimits;
    private readonly bubblewrap: BubblewrapBackend | null;
    private readonly hostBackend: HostBackend;

    constructor(private readonly detection: Detection, private readonly options: SandboxOptions, seccomp: Buffer | undefined) {
        this.settings = { mode: options.mode ?? DEFAULT_SETTINGS.mode, ifUnavailable: options.ifUnavailable ?? DEFAULT_SETTINGS.ifUnavailable };
        this.defaults = resolveLimits(options.limits, DEFAULT_LIMITS);
        this.bubblewrap = detection.host === null ? null : new BubblewrapBackend(detection.host, seccomp);
        this.hostBackend = new HostBackend(findProgram("prlimit"), findBash());
    }

    get capabilities(): SandboxCapabilities {
        return this.detection.capabilities;
    }

    status(): SandboxStatus {
        return sandboxStatus(this.settings, this.capabilities);
    }

    /** Settings changed (gptOss.sandbox.mode / ifUnavailable): applies to the next run. */
    updateSettings(settings: Partial<SandboxSettings>): SandboxStatus {
        this.settings = { ...this.settings, ...settings };
        return this.status();
    }

    /** Runs a program under the mode in force. Rejects with SandboxRefusedError when it may not run. */
    run(request: RunRequest): Promise<SandboxRunResult> {
        return this.runVia(request, "sandbox");
    }

    /**
     * Runs outside the sandbox, e.g. after a sandboxed run failed for want of network. Always asks
     * first, whatever the mode, showing the exact command; refused outright when code execution
     * is off (mode "disable", or no sandbox and ifUnavailable "disable").
     */
    runUnsandboxed(request: RunRequest): Promise<SandboxRunResult> {
        return this.runVia(request, "host");
    }

    /**
     * The one run path. `route` says where the caller wants it: "sandbox" goes into bubblewrap
     * when there is one (asking first only in mode "ask") and else to the host with approval;
     * "host" always goes to the host, always with approval. Nothing ever falls back from the
     * sandbox to the host on its own.
     */
    private async runVia(request: RunRequest, route: "sandbox" | "host"): Promise<SandboxRunResult> {
        const { signal, trustedNodeModules, trustedToolchain, ...params } = request;
        const parsed = SandboxRunParams.parse(params);
        const status = this.status();
        if (status.effective === "disabled") throw new SandboxRefusedError("disabled", status.summary);
        const limits = resolveLimits(parsed.limits, this.defaults);
        const launchOptions: LaunchOptions = {
            limits, stdin: "ignore", ...(parsed.workspace === undefined ? {} : { workspace: parsed.workspace }),
            ...(trustedNodeModules === undefined ? {} : { trustedNodeModules }),
            ...(trustedToolchain === undefined ? {} : { trustedToolchain }),
        };
        const program = programFor(this.interpreter(parsed.language), parsed.code);
        if (route === "host") return this.runOnHost(program, launchOptions, "this run was asked to go outside the sandbox", signal);
        if (this.bubblewrap === null) return this.runOnHost(program, launchOptions, this.capabilities.reason, signal);
        const described = this.bubblewrap.describe(program, launchOptions);
        if (status.effective === "ask") {
            await this.requireApproval({
                language: program.language, code: program.code, argv: described.argv, cwd: described.cwd,
                isolation: "bubblewrap", reason: "gptOss.sandbox.mode is \"ask\"",
            });
        }
        if (signal?.aborted) return abortedBeforeStart("bubblewrap", quoteArgv(described.argv));
        const raw = await runToEnd(this.bubblewrap.launch(program, launchOptions), {
            timeoutMs: limits.timeoutMs, outputBytes: limits.outputBytes, exitCodeCarriesSignal: true, limits, ...(signal === undefined ? {} : { signal }),
        });
        return { ...raw, isolation: "bubblewrap", command: quoteArgv(described.argv) };
    }

    /**
     * A stateful python session for one agent run. Sandboxed when isolation is available; without
     * it, every cell asks first (and the interpreter runs unisolated).
     */
    createPythonSession(options: PythonSessionOptions = {}): PythonSession {
        const python = this.interpreter("python");
        const limits = resolveLimits(options.limits, this.defaults);
        // The interpreter lives across cells: each cell gets cpuSeconds (set by the driver), the session ten times that.
        const launchOptions: LaunchOptions = {
            limits, stdin: "pipe", extraPipes: 1, session: true, cpuHardSeconds: limits.cpuSeconds * 10 + 1,
            ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
        };
        const driverProgram = (token: string): Program => ({
            language: "python",
            code: "(python session driver)",
            files: [{ name: "driver.py", content: PYTHON_DRIVER }],
            argv: (codeDir) => [python.executable, "-u", "-E", "-s", `${codeDir}/driver.py`, "3", token, String(limits.cpuSeconds), ...driverPlace],
            env: python.env,
            mounts: python.mounts,
        });
        const bubblewrap = this.bubblewrap;
        // Where the driver may end leftover processes with kill(-1) (its own pid namespace), and the scratch tmpfs it watches.
        const driverPlace = bubblewrap === null ? ["host"]
            : ["sandbox", "/tmp", SANDBOX_HOME, "/dev/shm", ...(options.workspace?.mode === "copy" ? [SANDBOX_WORKSPACE] : [])];
        const sessionDeps = {
            limits,
            timeoutMs: limits.timeoutMs,
            outputBytes: limits.outputBytes,
            isolation: bubblewrap === null ? "none" as const : "bubblewrap" as const,
            approveCell: async (code: string) => {
                const status = this.status();
                if (status.effective === "disabled") throw new SandboxRefusedError("disabled", status.summary);
                if (status.effective === "sandboxed") return;
                // The cell is what is new each time; the interpreter command is fixed for the session.
                const argv = [python.hostPath, "(stateful python session: the cell below runs in it)"];
                const cwd = options.workspace === undefined ? (bubblewrap === null ? "(private temporary folder)" : "/home/sandbox") : bubblewrap === null ? options.workspace.path : "/workspace";
                await this.requireApproval({
                    language: "python", code, argv, cwd,
                    isolation: bubblewrap === null ? "none" : "bubblewrap",
                    reason: bubblewrap === null ? this.capabilities.reason : "gptOss.sandbox.mode is \"ask\"",
                });
            },
            launch: (token: string): LaunchedSession => {
                const program = driverProgram(token);
                if (bubblewrap !== null) {
                    return { proc: bubblewrap.launch(program, launchOptions), command: "python3 (stateful session, sandboxed)" };
                }
                const folder = this.hostBackend.prepare(launchOptions);
                const described = this.hostBackend.describe(program, folder, launchOptions);
                return { proc: this.hostBackend.launch(program, folder, described, launchOptions), command: "python3 (stateful session, NOT sandboxed)" };
            },
        };
        return new PythonSession(sessionDeps);
    }

    private interpreter(language: SandboxLanguage): Interpreter {
        const interpreter = this.detection.interpreters[language];
        if (interpreter === null) throw new SandboxRefusedError("unavailable", `no interpreter for ${language} was found on this machine`);
        return interpreter;
    }

    private async runOnHost(program: Program, launchOptions: LaunchOptions, reason: string, signal: AbortSignal | undefined): Promise<SandboxRunResult> {
        const folder = this.hostBackend.prepare(launchOptions);
        const described = this.hostBackend.describe(program, folder, launchOptions);
        try {
            await this.requireApproval({ language: program.language, code: program.code, argv: described.argv, cwd: described.cwd, isolation: "none", reason });
        } catch (error) {
            this.hostBackend.discard(folder);
            throw error;
        }
        if (signal?.aborted) {
            this.hostBackend.discard(folder);
            return abortedBeforeStart("none", quoteArgv(described.argv));
        }
        const raw = await runToEnd(this.hostBackend.launch(program, folder, described, launchOptions), {
            timeoutMs: launchOptions.limits.timeoutMs, outputBytes: launchOptions.limits.outputBytes,
            // The supervisor (bash) reports a program's death by signal n as exit code 128+n, as bwrap does.
            exitCodeCarriesSignal: this.hostBackend.supervised, limits: launchOptions.limits,
            ...(signal === undefined ? {} : { signal }),
        });
        return { ...raw, isolation: "none", command: quoteArgv(described.argv), notice: joinNotices("This run was not sandboxed (approved by the user).", raw.notice)! };
    }

    private async requireApproval(params: Omit<SandboxApprovalParams, "argv"> & { argv: readonly string[] }): Promise<void> {
        if (!(await askApproval(this.options.approve, { ...params, argv: [...params.argv] }))) {
            throw new SandboxRefusedError("not-approved", this.options.approve === undefined
                ? `approval is needed to run this (${params.reason}) and there is no way to ask`
                : "the user did not approve this run");
        }
    }
}

/** A run whose AbortSignal fired before it started: nothing was launched. */
function abortedBeforeStart(isolation: SandboxRunResult["isolation"], command: string): SandboxRunResult {
    return {
        exitCode: null, signal: null, stdout: "", stderr: "", truncated: false, durationMs: 0,
        timedOut: false, killedReason: "aborted", limitsHit: [], isolation, command,
    };
}
