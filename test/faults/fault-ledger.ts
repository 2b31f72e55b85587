// What the fault-injection suite did, for bench-results/faults.json: per fault, whether it was
// injected, whether the extension recovered (the next request worked), how many saved items
// (conversation turns, settings, workspace files, model bytes) were lost or half-written, and how
// many error notifications a user would have seen that were not about a real failure. Each test
// file runs in its own process, so each merges its entries into the file by fault name.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../support/server-process.ts";

export interface FaultRecord {
    fault: string;
    /** Where it was injected and how. */
    injected: string;
    recovered: boolean;
    itemsLost: number;
    falseErrorNotifications: number;
    /** What the user is told, when the fault is one they should hear about. */
    userMessage?: string;
}

const FILE = path.join(REPO_ROOT, "bench-results", "faults.json");

export function recordFault(record: FaultRecord): void {
    let faults: FaultRecord[] = [];
    try {
        const stored = JSON.parse(readFileSync(FILE, "utf8")) as { figures?: { faults?: FaultRecord[] } };
        faults = stored.figures?.faults ?? [];
    } catch {
        // first entry, or a file from an older layout: start over
    }
    faults = [...faults.filter((item) => item.fault !== record.fault), record].sort((a, b) => a.fault.localeCompare(b.fault));
    const figures = {
        faultsInjected: faults.length,
        recovered: faults.filter((item) => item.recovered).length,
        itemsLost: faults.reduce((sum, item) => sum + item.itemsLost, 0),
        falseErrorNotifications: faults.reduce((sum, item) => sum + item.falseErrorNotifications, 0),
        faults,
    };
    const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
    mkdirSync(path.dirname(FILE), { recursive: true });
    const temporary = `${FILE}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ machine, date: new Date().toISOString(), figures }, null, 2)}\n`);
    renameSync(temporary, FILE);
}
