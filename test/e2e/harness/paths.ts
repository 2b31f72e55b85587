// Where the e2e harness reads and writes: its cache (VSIX, models) under .cache/e2e/, results
// (screenshots, logs) under test-results/e2e/, both ignored by git.
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const e2eCache = join(repoRoot, ".cache", "e2e");
export const setupManifest = join(e2eCache, "setup.json");
export const resultsRoot = join(repoRoot, "test-results", "e2e");
export const fixturesDir = join(repoRoot, "test", "e2e", "fixtures");
export const companionDir = join(repoRoot, "test", "e2e-companion");
export const syntheticModelModule = join(repoRoot, "test", "fixtures", "synthetic-model", "index.ts");

export const EXTENSION_ID = "gpt-oss-assistant.gpt-oss-assistant";
