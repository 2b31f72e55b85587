// Counting what a launched run holds: the tasks (processes and threads, which RLIMIT_NPROC counts
// alike) under the launcher's pid, read from the host's /proc. Used when the server stops a run
// (timeout, abort) and the supervisor inside can no longer say how full the sandbox was. Only
// descendants of this run's own launcher are counted, never other programs' processes.
import { readdirSync, readFileSync } from "node:fs";

interface Task {
    readonly ppid: number;
    readonly threads: number;
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
            tasks.set(Number(entry), { ppid: Number(fields[1]), threads: Number(fields[17]) });
        } catch {
            // exited meanwhile
        }
    }
    return tasks;
}

/** Processes and threads below `root` (itself excluded). */
export function countDescendantTasks(root: number): number {
    const tasks = readTasks();
    const children = new Map<number, number[]>();
    for (const [pid, task] of tasks) children.set(task.ppid, [...(children.get(task.ppid) ?? []), pid]);
    let count = 0;
    const pending = [...(children.get(root) ?? [])];
    while (pending.length > 0) {
        const pid = pending.pop()!;
        count += tasks.get(pid)?.threads ?? 1;
        pending.push(...(children.get(pid) ?? []));
    }
    return count;
}
