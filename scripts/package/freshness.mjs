// Whether a packaged VSIX is older than what it was made from, so `npm start` (and the e2e
// setup) reuse it instead of building and packaging again when nothing changed.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the VSIX is made from: a change to any of these (relative to the repository) repackages it. */
export const VSIX_INPUTS = ["extension", "server", "protocol", "webview", "media", "package.json", "package-lock.json", ".vscodeignore", "scripts/build.mjs", "scripts/package.mjs", "scripts/package"];

function newestMtime(path) {
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
export function isFresh(artefact, inputs) {
    if (!existsSync(artefact)) return false;
    const made = statSync(artefact).mtimeMs;
    return inputs.every((input) => newestMtime(input) <= made);
}
