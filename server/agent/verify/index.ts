// Verification of an agent's proposed changes: find the workspace's check, run it in the sandbox
// on a throwaway copy with the changes applied, and tell the model how it went.
export type { CheckCommand, CheckOutcomeKind, CheckResult } from "./check-types.ts";
export { detectCheck, findCheck, type CheckDetection } from "./detect-check.ts";
export { hostProbe, type HostProbe, type ProgramLocation } from "./host-probe.ts";
export { TYPECHECK_SCRIPTS } from "./node-check.ts";
export { runCheck, DEFAULT_CHECK_TIMEOUT_MS, type RunCheckParams } from "./run-check.ts";
export { formatCheckForModel } from "./format-for-model.ts";
export { createCheckVerifier, type CheckVerifier } from "./check-verifier.ts";
