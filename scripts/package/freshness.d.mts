// Types for scripts/package/freshness.mjs.
export const VSIX_INPUTS: readonly string[];
export function isFresh(artefact: string, inputs: readonly string[]): boolean;
