// A throwaway VS Code profile for one case: extensions and user-data folders, a copy of a
// fixture workspace, and the settings that point the extension at the synthetic model.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "./paths.ts";
import type { E2eSetup } from "./setup.ts";

export interface Profile {
    root: string;
    extensionsDir: string;
    userDataDir: string;
    workspace: string;
    remove(): void;
}

/** The extension settings every case starts from: the synthetic model on the CPU, small. */
export function modelSettings(setup: E2eSetup): Record<string, unknown> {
    return {
        "gptOss.model.source": "local",
        "gptOss.model.localPath": setup.model ?? "",
        "gptOss.gpu": "cpu",
        "gptOss.contextSize": 2048,
        "gptOss.threads": 1,
    };
}

export function createProfile(fixture = "workspace"): Profile {
    const root = mkdtempSync(join(tmpdir(), "gpt-oss-e2e-"));
    const workspace = join(root, "workspace");
    cpSync(join(fixturesDir, fixture), workspace, { recursive: true });
    return {
        root,
        extensionsDir: join(root, "extensions"),
        userDataDir: join(root, "user-data"),
        workspace,
        remove: () => rmSync(root, { recursive: true, force: true }),
    };
}
