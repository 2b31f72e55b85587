// Whether a prepared artefact is older than what it was made from, so a second e2e run (or a
// single test file run by hand) reuses the VSIX instead of spending 20 s packaging it again.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestMtime(path: string): number {
    if (!existsSync(path)) return 0;
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs;
    let newest = stat.mtimeMs;
    for (const name of readdirSync(path)) {
        if (name === "node_modules") continue;
        newest = Math.max(newest, newestMtime(join(path, name)));
    }
    return newest;
}

/** True when `artefact` exists and is newer than every file under `inputs`. */
export function isFresh(artefact: string, inputs: string[]): boolean {
    if (!existsSync(artefact)) return false;
    const made = statSync(artefact).mtimeMs;
    return inputs.every((input) => newestMtime(input) <= made);
}
