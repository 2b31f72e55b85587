// Which mode is in force, from the settings and what the machine can do. The rule that matters:
// without isolation nothing runs unless the user approves that exact run ("ask"), or nothing runs
// at all ("disable"). There is no setting that runs code unisolated without asking.
import type { SandboxCapabilities, SandboxIfUnavailable, SandboxMode, SandboxStatus } from "../../protocol/sandbox.ts";

export interface SandboxSettings {
    mode: SandboxMode;
    ifUnavailable: SandboxIfUnavailable;
}

export const DEFAULT_SETTINGS: SandboxSettings = Object.freeze({ mode: "sandbox", ifUnavailable: "ask" });

export function sandboxStatus(settings: SandboxSettings, capabilities: SandboxCapabilities): SandboxStatus {
    const isolated = capabilities.isolation !== "none";
    if (settings.mode === "disable") {
        return { capabilities, effective: "disabled", summary: "Code execution is off (gptOss.sandbox.mode is \"disable\")." };
    }
    if (isolated && settings.mode === "sandbox") {
        return { capabilities, effective: "sandboxed", summary: `Code runs in a sandbox without asking: ${capabilities.reason}.` };
    }
    if (isolated) {
        return { capabilities, effective: "ask", summary: `Every run asks first (gptOss.sandbox.mode is "ask"), then runs in the sandbox: ${capabilities.reason}.` };
    }
    if (settings.ifUnavailable === "ask") {
        return { capabilities, effective: "ask", summary: `No sandbox: ${capabilities.reason}. Every run asks first and then runs unisolated on this machine.` };
    }
    return { capabilities, effective: "disabled", summary: `No sandbox: ${capabilities.reason}. Code execution is off (gptOss.sandbox.ifUnavailable is "disable").` };
}
