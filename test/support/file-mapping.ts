// How a process maps a file (the model), read from Linux's /proc/<pid>/smaps: how much of it is
// resident and how much of that is mapped with 2 MiB pages. The weights are read on every token;
// mapped with 4 KiB pages they cost far more TLB misses, so two processes running the same model
// can run at different speeds. The overhead benchmark reports this for both of its processes.
import { readFileSync } from "node:fs";

export interface FileMapping {
    residentMiB: number;
    /** Of the resident part, what is mapped with 2 MiB pages (FilePmdMapped). */
    hugePageMiB: number;
}

/** The mapping of `file` in process `pid`, summed over its regions; null where /proc has no smaps. */
export function fileMapping(pid: number, file: string): FileMapping | null {
    let lines: string[];
    try {
        lines = readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n");
    } catch {
        return null;
    }
    let residentKiB = 0;
    let hugeKiB = 0;
    let inFile = false;
    for (const line of lines) {
        // A region's header is "start-end perms offset dev inode path"; its fields follow.
        if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
            inFile = line.trimEnd().endsWith(` ${file}`);
            continue;
        }
        if (!inFile) continue;
        const field = /^(Rss|FilePmdMapped):\s+(\d+) kB/.exec(line);
        if (field?.[1] === "Rss") residentKiB += Number(field[2]);
        else if (field?.[1] === "FilePmdMapped") hugeKiB += Number(field[2]);
    }
    return { residentMiB: residentKiB / 1024, hugePageMiB: hugeKiB / 1024 };
}
