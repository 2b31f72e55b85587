// How long `npm start` takes to print the address to open, with code-server already in the
// shared cache (the tests install it): cold (build, package this machine's engines, install the
// extension into a new profile, launch) and warm (nothing changed: launch only), each stopped
// with Ctrl+C as a user would. Runs scripts/start.mjs on a throwaway start folder.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isInstalled } from "../scripts/code-server.mjs";
import { median, printTable, writeBenchResults } from "./support/bench-results.ts";

const WARM_RUNS = Number(process.env.BENCH_REPETITIONS ?? 3);

interface StartRun { seconds: number; steps: Record<string, number> }

function runStart(dir: string): Promise<StartRun> {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, ["scripts/start.mjs", "--code-server"], { env: { ...process.env, GPT_OSS_START_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        let seconds = 0;
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (seconds === 0 && /open http:\/\/127\.0\.0\.1:\d+/.test(output)) {
                seconds = (performance.now() - started) / 1000;
                child.kill("SIGINT");
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => {
            if (seconds === 0) {
                reject(new Error(`npm start ended (exit ${code}) before printing the address:\n${output}`));
                return;
            }
            const steps: Record<string, number> = {};
            for (const match of output.matchAll(/^\[start\] ([^:]+): (?:skipped \([^)]*\), )?([\d.]+) s$/gm)) steps[match[1]!] = Number(match[2]);
            resolve({ seconds, steps });
        });
    });
}

if (!isInstalled()) throw new Error("code-server is not in the shared cache yet: run the e2e setup (or npm start) once first");
const dir = mkdtempSync(join(tmpdir(), "gpt-oss-start-bench-"));
try {
    const cold = await runStart(dir);
    const warm: StartRun[] = [];
    for (let run = 0; run < WARM_RUNS; run++) warm.push(await runStart(dir));
    const warmMedian = median(warm.map((run) => run.seconds));
    printTable("npm start to the printed address", [
        { run: "cold (package, install, launch)", seconds: cold.seconds.toFixed(1), ...Object.fromEntries(Object.entries(cold.steps).map(([step, value]) => [step, value.toFixed(1)])) },
        ...warm.map((run, index) => ({ run: `warm ${index + 1} (nothing changed)`, seconds: run.seconds.toFixed(1) })),
    ]);
    const figures: Record<string, number | string> = {
        coldSeconds: Number(cold.seconds.toFixed(2)),
        warmMedianSeconds: Number(warmMedian.toFixed(2)),
        warmRuns: WARM_RUNS,
    };
    for (const [step, value] of Object.entries(cold.steps)) figures[`cold: ${step}`] = value;
    console.log(`wrote ${await writeBenchResults("start", figures)}`);
} finally {
    rmSync(dir, { recursive: true, force: true });
}
