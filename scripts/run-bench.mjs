// Runs one benchmark (bench/<name>.bench.ts) or all of them; each writes bench-results/<name>.json.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const requested = process.argv[2] ?? "all";
const available = readdirSync("bench").filter((name) => name.endsWith(".bench.ts")).map((name) => name.replace(/\.bench\.ts$/, ""));
const names = requested === "all" ? available : [requested];
for (const name of names) {
    if (!available.includes(name)) {
        console.error(`no benchmark "${name}"; available: ${available.join(", ")}`);
        process.exit(2);
    }
}
const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
for (const name of names) {
    const result = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.bench.ts`], { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
}
