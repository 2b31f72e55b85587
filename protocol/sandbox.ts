// Messages about code execution: what a run asks for, what comes back, how isolated the machine
// is, and the approval round trip for runs that would happen without isolation. The server's
// sandbox module (server/sandbox) speaks these types; the extension validates them on arrival.
import { z } from "zod";
import { defineNotification, defineRequest } from "./define.ts";

export const SandboxLanguage = z.enum(["python", "node", "shell"]);
export type SandboxLanguage = z.infer<typeof SandboxLanguage>;

/** What isolation a run gets: a bubblewrap sandbox, or none at all (only ever after approval). */
export const SandboxIsolation = z.enum(["bubblewrap", "none"]);
export type SandboxIsolation = z.infer<typeof SandboxIsolation>;

/**
 * Resource limits of one run. Every field has a default (server/sandbox/limits.ts); a request
 * may set any of them. The maxima here are hard caps so a request cannot ask for "unlimited".
 */
export const SandboxLimits = z.object({
    /** Wall-clock time before the whole process tree is killed (gpt-oss's python tool: 120 s). */
    timeoutMs: z.number().int().min(100).max(3_600_000),
    /** CPU seconds (RLIMIT_CPU) per process. */
    cpuSeconds: z.number().int().min(1).max(3_600),
    /** Address space per process (RLIMIT_AS), bytes. */
    memoryBytes: z.number().int().min(16 * 1024 * 1024).max(64 * 1024 ** 3),
    /** Processes and threads the sandbox may have at once (RLIMIT_NPROC inside its own user namespace). */
    processes: z.number().int().min(1).max(4_096),
    /** Largest file a process may write (RLIMIT_FSIZE), bytes. */
    fileSizeBytes: z.number().int().min(1_024).max(16 * 1024 ** 3),
    /** Size of each writable tmpfs (home, /tmp, the workspace copy), bytes. */
    scratchBytes: z.number().int().min(1024 * 1024).max(16 * 1024 ** 3),
    /** Output kept per stream (stdout, stderr), bytes; the rest is drained and counted. */
    outputBytes: z.number().int().min(256).max(64 * 1024 * 1024),
    /** Open file descriptors per process (RLIMIT_NOFILE). */
    openFiles: z.number().int().min(16).max(65_536),
});
export type SandboxLimits = z.infer<typeof SandboxLimits>;

export const SandboxLimitsOverride = SandboxLimits.partial();
export type SandboxLimitsOverride = z.infer<typeof SandboxLimitsOverride>;

/** The workspace as a run sees it: read-only at /workspace, or a throwaway writable copy there. */
export const SandboxWorkspace = z.object({
    path: z.string().min(1),
    mode: z.enum(["readonly", "copy"]),
});
export type SandboxWorkspace = z.infer<typeof SandboxWorkspace>;

export const SandboxRunParams = z.object({
    language: SandboxLanguage,
    code: z.string().max(1024 * 1024),
    workspace: SandboxWorkspace.optional(),
    limits: SandboxLimitsOverride.optional(),
});
export type SandboxRunParams = z.infer<typeof SandboxRunParams>;

export const SandboxKilledReason = z.enum([
    "timeout", "aborted", "cpu-limit", "file-size-limit", "session-disposed", "session-died",
]);
export type SandboxKilledReason = z.infer<typeof SandboxKilledReason>;

/**
 * A limit a run ran into: address space, CPU seconds, processes, file size, scratch (tmpfs)
 * space, open files, output cap or wall clock. Found from the signal, the errno the kernel
 * returned (the sandbox's python runner and session driver report MemoryError, EFBIG, ENOSPC,
 * EAGAIN from fork), and the sandbox's own after-run checks (full tmpfs, process slots all taken),
 * never from reading the program's output.
 */
export const SandboxLimitName = z.enum(["memory", "cpu", "processes", "file-size", "scratch", "open-files", "output", "timeout"]);
export type SandboxLimitName = z.infer<typeof SandboxLimitName>;

export const SandboxRunResult = z.object({
    /** null when the run was killed before it could exit. */
    exitCode: z.number().int().nullable(),
    /** Name of the signal that ended the run (e.g. "SIGKILL"), when one did. */
    signal: z.string().nullable(),
    stdout: z.string(),
    stderr: z.string(),
    /** Some output was dropped; the text then carries a "[truncated: N bytes]" marker. */
    truncated: z.boolean(),
    durationMs: z.number().nonnegative(),
    timedOut: z.boolean(),
    killedReason: SandboxKilledReason.optional(),
    /**
     * Every limit the run ran into, the one that stopped it first; empty when none. "output"
     * means the output was cut at the cap (the run itself went on). The same in words is in `notice`.
     */
    limitsHit: z.array(SandboxLimitName).optional(),
    /** How the run was isolated, for the transcript. */
    isolation: SandboxIsolation,
    /** The command as shown to people (interpreter and code), for the transcript. */
    command: z.string(),
    /** Something the user or the model should know, e.g. "the python session was restarted". */
    notice: z.string().optional(),
});
export type SandboxRunResult = z.infer<typeof SandboxRunResult>;

/** Which namespaces a bubblewrap run actually got, from comparing /proc/self/ns inside and out. */
export const SandboxNamespaces = z.object({
    user: z.boolean(), pid: z.boolean(), net: z.boolean(), ipc: z.boolean(),
    uts: z.boolean(), cgroup: z.boolean(), mnt: z.boolean(),
});
export type SandboxNamespaces = z.infer<typeof SandboxNamespaces>;

/** What the sandbox found on start. `reason` says in plain words why isolation is what it is. */
export const SandboxCapabilities = z.object({
    isolation: SandboxIsolation,
    reason: z.string(),
    platform: z.string(),
    bwrapPath: z.string().nullable(),
    bwrapVersion: z.string().nullable(),
    namespaces: SandboxNamespaces.nullable(),
    /** The host uid the sandboxed processes run as (root drops to an unprivileged one). */
    sandboxUid: z.number().int().nullable(),
    /** Interpreters found for each language (host paths); null where none was found. */
    interpreters: z.object({ python: z.string().nullable(), node: z.string().nullable(), shell: z.string().nullable() }),
});
export type SandboxCapabilities = z.infer<typeof SandboxCapabilities>;

/**
 * The setting `gptOss.sandbox.mode`: "sandbox" runs code isolated without asking when isolation
 * is available (else `ifUnavailable` decides), "ask" asks before every run (isolated when
 * possible), "disable" turns code execution off.
 */
export const SandboxMode = z.enum(["sandbox", "ask", "disable"]);
export type SandboxMode = z.infer<typeof SandboxMode>;

export const SandboxIfUnavailable = z.enum(["ask", "disable"]);
export type SandboxIfUnavailable = z.infer<typeof SandboxIfUnavailable>;

/** What is in force now, for the status bar: derived from the settings and the capabilities. */
export const SandboxStatus = z.object({
    capabilities: SandboxCapabilities,
    /** "sandboxed": runs go isolated without asking; "ask": every run asks first; "disabled": nothing runs. */
    effective: z.enum(["sandboxed", "ask", "disabled"]),
    /** Plain-language line for the status: which mode and why. */
    summary: z.string(),
});
export type SandboxStatus = z.infer<typeof SandboxStatus>;

/** What the user is shown before a run that needs approval: the exact thing that will run. */
export const SandboxApprovalParams = z.object({
    language: SandboxLanguage,
    /** The code exactly as it will run. */
    code: z.string(),
    /** The command line that will be executed (the code sits in the file it names). */
    argv: z.array(z.string()),
    cwd: z.string(),
    isolation: SandboxIsolation,
    /** Why approval is needed (e.g. "bubblewrap is not installed"). */
    reason: z.string(),
});
export type SandboxApprovalParams = z.infer<typeof SandboxApprovalParams>;

export const SandboxApprovalResult = z.object({ approved: z.boolean() });
export type SandboxApprovalResult = z.infer<typeof SandboxApprovalResult>;

/** Carried as the `data` of the JSON-RPC error when a run is refused rather than run. */
export const SandboxRefusal = z.object({
    code: z.enum(["disabled", "not-approved", "unavailable"]),
    message: z.string(),
});
export type SandboxRefusal = z.infer<typeof SandboxRefusal>;

/** client → server: run code. Refusals come back as an error whose data is a SandboxRefusal. */
export const SandboxRunRequest = defineRequest("gptoss/sandbox/run", SandboxRunParams, SandboxRunResult);
/** client → server: what isolation is available and which mode is in force. */
export const SandboxStatusRequest = defineRequest("gptoss/sandbox/status", z.object({}), SandboxStatus);
/** server → client: ask the user to approve one exact run that would not be (fully) sandboxed. */
export const SandboxApprovalRequest = defineRequest("gptoss/sandbox/approve", SandboxApprovalParams, SandboxApprovalResult, "server-to-client");
/** server → client: sent when the sandbox status changes (start, settings change). */
export const SandboxStatusNotification = defineNotification("gptoss/sandbox/statusChanged", SandboxStatus);

/** client → server: the sandbox settings (and workspace trust: an untrusted workspace runs nothing). */
export const SandboxConfigureRequest = defineRequest("gptoss/sandbox/configure", z.object({
    mode: SandboxMode,
    ifUnavailable: SandboxIfUnavailable,
    workspaceTrusted: z.boolean(),
}), SandboxStatus);
