// Run once before the e2e files (scripts/run-tests.mjs): installs code-server on first use,
// packages the CPU-only VSIX and the companion, generates the synthetic model.
import { prepare } from "./harness/setup.ts";

const started = Date.now();
const setup = await prepare();
const steps = Object.entries(setup.timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`).join(", ");
console.log(`e2e setup: code-server ${setup.codeServer.split(" ")[0]}; ${steps}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (setup.model === null) console.log(`e2e setup: no synthetic model: ${setup.modelSkipReason}`);
