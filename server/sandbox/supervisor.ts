// The first thing that runs in every sandbox (and before every approved host run): a small bash
// script that closes every file descriptor the launcher inherited except the ones handed over on
// purpose, then runs the program. Neither Node's spawn nor bubblewrap closes inherited fds, so a
// server started with a file or a pipe open without close-on-exec (a terminal, `npm start`, a dev
// container's launcher) would otherwise pass it on to the sandboxed program, which could write
// into it. bash, not sh: dash cannot name a descriptor above 9 in a redirection.
//
// In "report" mode the script stays the program's parent, outside the program's rlimits (so it
// can still fork after a fork bomb took every process slot), and after the program ends writes
// what it sees on the status pipe (fd 3): how many processes are left in the sandbox's pid
// namespace and how much room each scratch tmpfs has. limit-report.ts turns those into named
// limits. In "exec" mode (the python session, whose driver tidies up itself) it just execs.
import { findIn } from "./host-tools.ts";

/** The status / control pipe every launch gets at fd 3; everything from fd 4 up is closed. */
export const STATUS_FD = 3;
export const FIRST_CLOSED_FD = STATUS_FD + 1;

// Plain strings, not a template literal: the script is full of ${…}.
export const SUPERVISOR_SCRIPT = [
    'first=$1; shift',
    'for fd in /proc/self/fd/* /dev/fd/*; do',
    '  fd=${fd##*/}',
    '  if [ "$fd" -ge "$first" ] 2>/dev/null; then eval "exec $fd>&-"; fi',
    'done',
    'if [ "$1" = exec ]; then shift; exec "$@"; fi',
    'where=$2; pass=$3; fsize=$4; shift 4',
    'scratch=()',
    'while [ "$#" -gt 0 ] && [ "$1" != -- ]; do scratch+=("$1"); shift; done',
    'shift',
    // In the foreground (a background job would start with SIGINT and SIGQUIT ignored), with bash's
    // own stderr muted around it so it does not add "Killed" lines; the program's stderr is fd 9's.
    'exec 9>&2',
    'if [ "$pass" = pass ]; then { "$@" 2>&9 9>&-; } 2>/dev/null; else { "$@" 2>&9 9>&- 3>&-; } 2>/dev/null; fi',
    'code=$?',
    'exec 9>&-',
    'if [ "$where" = sandbox ]; then',
    '  left=0',
    '  for p in /proc/[0-9]*; do case "${p#/proc/}" in 1|"$$") ;; *) left=$((left + 1)) ;; esac; done',
    '  echo "left $left" 2>/dev/null >&3',
    'fi',
    'for d in "${scratch[@]}"; do',
    '  if free=$(stat -f -c \'%a %S\' -- "$d" 2>/dev/null); then echo "free $free $d" 2>/dev/null >&3; fi',
    'done',
    // RLIMIT_FSIZE cuts a write at exactly the limit: a file of that size is a write that was stopped.
    'if [ "${#scratch[@]}" -gt 0 ] && at=$(find "${scratch[@]}" -xdev -type f -size "${fsize}c" -print -quit 2>/dev/null) && [ -n "$at" ]; then',
    '  echo "limit file-size" 2>/dev/null >&3',
    'fi',
    'exit "$code"',
].join("\n");

export interface SupervisorPlan {
    /** "exec": close fds and exec (python session). "report": run the program as a child, then report. */
    readonly mode: "exec" | "report";
    /** Only in the sandbox's own pid namespace may leftover processes be counted as the run's. */
    readonly where: "sandbox" | "host";
    /** The program itself may write to the status pipe (the python runner reports limits there). */
    readonly passStatus: boolean;
    /** Scratch tmpfs paths whose free space is reported after the run, and searched for a file cut at the file-size limit. */
    readonly scratch: readonly string[];
    readonly fileSizeBytes: number;
}

/** bash in the system folders every sandbox sees, or null (then nothing could close the inherited fds). */
export function findBash(): string | null {
    return findIn("bash", ["/usr/bin", "/bin"]);
}

/** File name of the script in a host run's private code folder (the command line shown for approval stays short). */
export const SUPERVISOR_FILE = "gptoss-supervisor.sh";

/**
 * The supervisor's command line. `scriptPath`: source the script from that file instead of
 * passing it inline (host runs, whose command line the user reads before approving). Sourced,
 * not run as a file: bash reads a script file as it goes, through an fd the closing would close.
 */
export function supervisorArgv(bashPath: string, plan: SupervisorPlan, command: readonly string[], scriptPath?: string): string[] {
    const head = [bashPath, "-c", scriptPath === undefined ? SUPERVISOR_SCRIPT : `. '${scriptPath}'`, "gptoss-supervisor", String(FIRST_CLOSED_FD)];
    if (plan.mode === "exec") return [...head, "exec", ...command];
    return [...head, "report", plan.where, plan.passStatus ? "pass" : "hide", String(plan.fileSizeBytes), ...plan.scratch, "--", ...command];
}
