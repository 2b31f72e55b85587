// CPU time a whole process has spent on its threads, read from Linux's per-thread scheduler
// statistics. On a shared machine wall time swings with other people's work; the CPU time the
// work itself took swings far less, so a benchmark can report both.
import { readdirSync, readFileSync } from "node:fs";

/**
 * Milliseconds of CPU the process `pid` has run so far (every thread, user and kernel), or null
 * where /proc has no scheduler statistics (not Linux). A thread that ends between two readings
 * takes its time with it; the benchmarks read this around work done by long-lived threads.
 */
export function processCpuMs(pid: number): number | null {
    let tasks: string[];
    try {
        tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
        return null;
    }
    let nanoseconds = 0;
    for (const task of tasks) {
        try {
            // The first field is the time spent on the CPU, in nanoseconds.
            nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
        } catch {
            // the thread ended while being read: its time is gone with it
        }
    }
    return nanoseconds / 1e6;
}
