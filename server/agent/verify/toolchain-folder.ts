// Version managers (nvm, fnm, asdf installs, go's SDK downloads) keep each toolchain in a folder
// of its own, named by its version: ~/.nvm/versions/node/v22.11.0/{bin,lib,include}. Such a folder
// holds that toolchain and nothing of the user's, so a check may see it (read-only, at the same
// path) when the check's tool lives there; a tool in a folder that is not versioned (~/.local/bin,
// ~/.cargo/bin, a shim folder) stays out of the sandbox, because its parent holds other things.
import { basename, dirname } from "node:path";
import { realPathOrNull } from "../../sandbox/host-tools.ts";
import { isWithin } from "../path-within.ts";

/** "v22.11.0", "22.11.0", "go1.22.0", "node-v22.11.0-linux-x64": a release's folder name. */
const VERSIONED = /^(?:[a-z]+-?)?v?\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)*$/i;

/**
 * The real path of the versioned toolchain folder `program` (found on the host PATH) belongs to:
 * `<folder>/bin/<program>`, with `<folder>` (or, for fnm, `<folder>/installation`) named by a
 * version and the program's real file inside it. Null for anything else.
 */
export function toolchainFolderOf(program: string): string | null {
    const binDir = dirname(program);
    if (basename(binDir) !== "bin") return null;
    const prefix = dirname(binDir);
    const named = basename(prefix) === "installation" ? basename(dirname(prefix)) : basename(prefix);
    if (!VERSIONED.test(named)) return null;
    const realPrefix = realPathOrNull(prefix);
    const realProgram = realPathOrNull(program);
    if (realPrefix === null || realProgram === null || realPrefix === "/") return null;
    // npm is a link to ../lib/node_modules/npm/bin/npm-cli.js: fine; a link leading elsewhere
    // (or to the folder itself) is not.
    return realProgram !== realPrefix && isWithin(realPrefix, realProgram) ? realPrefix : null;
}
