// The code-execution sandbox, as the language server and the agent use it. See README.md.
export { createSandbox, Sandbox, type SandboxOptions, type RunRequest, type PythonSessionOptions } from "./sandbox.ts";
export { PythonSession, type ExecOptions } from "./python-session.ts";
export { SandboxRefusedError } from "./errors.ts";
export { WorkspaceError } from "./bubblewrap-backend.ts";
export type { Approver } from "./approval.ts";
export { DEFAULT_LIMITS } from "./limits.ts";
export { DEFAULT_SETTINGS, type SandboxSettings } from "./policy.ts";
export { stoppingLimits, describeLimits } from "./limit-report.ts";
