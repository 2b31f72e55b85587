// Turning the model's edit plan into reviewed file changes: apply it in memory to the files as
// the user sees them, explain what did not match, and show what did as diffs.
export { applyEditPlan, type EditPlanResult } from "./apply-edit-plan.ts";
export { diskFileSource, PathRefusedError, type FileSource, type PathRefusal } from "./file-source.ts";
export { formatFailuresForModel } from "./format-failures.ts";
export { unifiedDiff } from "./unified-diff.ts";
export { checkWorkspacePath, type CheckedPath } from "./workspace-path.ts";
