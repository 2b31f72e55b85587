// Counting what a launched run holds: the tasks (processes and threads, which RLIMIT_NPROC counts
// alike) under the launcher's pid, read from the host's /proc. Used when the server stops a run
// (timeout, abort) and the supervisor inside can no longer say how full the sandbox was. Only
// descendants of this run's own launcher are counted, never other programs' processes.
import { readdirSync, readFileSync } from "node:fs";

interface Task {
    readonly ppid: number;
    readonly threads: number;
    /** Clock ticks after boot: with the pid, names one process even after the pid is reused. */
    readonly startTime: string;
    readonly zombie: boolean;
}

/** One process, by pid and start time. */
export interface ProcessId {
    readonly pid: number;
    readonly startTime: string;
}

function readTasks(): Map<number, Task> {
    const tasks = new Map<number, Task>();
    let entries: string[];
    try {
        entries = readdirSync("/proc");
    } catch {
        return tasks; // no procfs (not Linux)
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            // The command name (field 2) may hold spaces and parentheses: fields start after the last ")".
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            tasks.set(Number(entry), { ppid: Number(fields[1]), threads: Number(fields[17]), startTime: fields[19]!, zombie: fields[0] === "Z" });
        } catch {
            // exited meanwhile
        }
    }
    return tasks;
}

function descendantsIn(tasks: Map<number, Task>, root: number): number[] {
    const children = new Map<number, number[]>();
    for (const [pid, task] of tasks) children.set(task.ppid, [...(children.get(task.ppid) ?? []), pid]);
    const found: number[] = [];
    const pending = [...(children.get(root) ?? [])];
    while (pending.length > 0) {
        const pid = pending.pop()!;
        found.push(pid);
        pending.push(...(children.get(pid) ?? []));
    }
    return found;
}

/** Processes and threads below `root` (itself excluded). */
export function countDescendantTasks(root: number): number {
    const tasks = readTasks();
    return descendantsIn(tasks, root).reduce((count, pid) => count + (tasks.get(pid)?.threads ?? 1), 0);
}

/** The live processes below `root` (itself excluded), to wait for after killing them. */
export function descendantProcesses(root: number): ProcessId[] {
    const tasks = readTasks();
    return descendantsIn(tasks, root).filter((pid) => !tasks.get(pid)!.zombie).map((pid) => ({ pid, startTime: tasks.get(pid)!.startTime }));
}

function alive(process: ProcessId): boolean {
    try {
        const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return fields[19] === process.startTime && fields[0] !== "Z";
    } catch {
        return false;
    }
}

/**
 * Resolves once none of `processes` is running any more (gone, or a zombie waiting to be reaped),
 * or after `withinMs`. SIGKILLed processes are not gone the moment their launcher's exit is
 * reported: the kernel still tears them down (a sandbox's pid-namespace init waits for every
 * process in its namespace), and a run that answered before that would let a caller (shutdown)
 * see them alive. The bound keeps a process stuck in uninterruptible I/O from holding the result.
 */
export async function whenGone(processes: readonly ProcessId[], withinMs: number): Promise<boolean> {
    const deadline = performance.now() + withinMs;
    let left = processes.filter(alive);
    while (left.length > 0) {
        if (performance.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 10)); // /proc offers no event for another process's end
        left = left.filter(alive);
    }
    return true;
}
