// Where benchmark figures go: bench-results/<name>.json as { machine, date, figures }, plus a
// printed table. Every benchmark of the project writes this shape.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export function machineDescription(): string {
    const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
    // The load average goes with every figure: the machine is shared, and ratios within one run
    // are what compare, not absolute times across runs.
    const load = os.loadavg().map((value) => value.toFixed(2)).join(" / ");
    return `${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}, node ${process.version}, no GPU used, load average ${load} (1/5/15 min)`;
}

export async function writeBenchResults(name: string, figures: Record<string, number | string>): Promise<string> {
    const file = path.join("bench-results", `${name}.json`);
    await mkdir("bench-results", { recursive: true });
    const record = { machine: machineDescription(), date: new Date().toISOString(), figures };
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    return file;
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
    console.log(`\n${title}`);
    console.table(rows);
}
