// Types for scripts/package/freshness.mjs, shared by `npm start` and the e2e harness.
/** What the VSIX is made from: a change to any of these (relative to the repository) repackages it. */
export const VSIX_INPUTS: string[];
/** True when `artefact` exists and is newer than every file under `inputs`. */
export function isFresh(artefact: string, inputs: string[]): boolean;
