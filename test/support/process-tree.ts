// One process's own tree, read from /proc: the processes a test's server started, and nothing
// another program on the machine runs. Each is identified by pid and start time, so a pid the
// kernel hands out again later is not mistaken for a survivor.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessInfo {
    pid: number;
    /** Clock ticks after boot (field 22 of /proc/<pid>/stat). */
    startTime: string;
    command: string;
}

function stat(pid: number): { ppid: number; state: string; startTime: string } | null {
    try {
        const text = readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name (field 2) is in parentheses and may hold spaces; the rest follows the last ")".
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        return { state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]! };
    } catch {
        return null;
    }
}

function commandLine(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
        return "";
    }
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): ProcessInfo[] {
    const children = new Map<number, number[]>();
    for (const name of readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const info = stat(Number(name));
        if (info === null) continue;
        children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(name)]);
    }
    const found: ProcessInfo[] = [];
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
        const pid = queue.shift()!;
        const info = stat(pid);
        if (info === null || info.state === "Z") continue;
        found.push({ pid, startTime: info.startTime, command: commandLine(pid) });
        queue.push(...(children.get(pid) ?? []));
    }
    return found;
}

/** Still running: the same process (pid and start time), not a zombie waiting to be reaped. */
export function stillRunning(process: ProcessInfo): boolean {
    const info = stat(process.pid);
    return info !== null && info.startTime === process.startTime && info.state !== "Z";
}
