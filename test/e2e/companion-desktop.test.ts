// The companion's cases under @vscode/test-electron, in VS Code desktop. That needs a VS Code
// build: VSCODE_EXECUTABLE_PATH pointing at an installed one, or GPT_OSS_E2E_DOWNLOAD_VSCODE=1
// on a machine that may download it (and a display, e.g. xvfb-run, on Linux).
import { test } from "node:test";
import { join } from "node:path";
import { writeUserSettings } from "../../scripts/code-server.mjs";
import { companionDir, repoRoot } from "./harness/paths.ts";
import { createProfile } from "./harness/profile.ts";

test("API-level cases pass in VS Code desktop (@vscode/test-electron)", { timeout: 600_000 }, async (t) => {
    const executable = process.env.VSCODE_EXECUTABLE_PATH;
    if (!executable && process.env.GPT_OSS_E2E_DOWNLOAD_VSCODE !== "1") {
        t.skip("VS Code desktop cannot be downloaded here: set VSCODE_EXECUTABLE_PATH");
        return;
    }
    const { runTests } = await import("@vscode/test-electron");
    const profile = createProfile();
    try {
        writeUserSettings(profile.userDataDir, { "gptOss.gpu": "cpu", "gptOss.contextSize": 2048 });
        await runTests({
            ...(executable ? { vscodeExecutablePath: executable } : {}),
            extensionDevelopmentPath: [repoRoot, companionDir],
            extensionTestsPath: join(companionDir, "electron-entry.js"),
            launchArgs: [
                profile.workspace,
                `--user-data-dir=${profile.userDataDir}`,
                `--extensions-dir=${profile.extensionsDir}`,
                "--disable-workspace-trust",
                "--skip-welcome",
            ],
        });
    } finally {
        profile.remove();
    }
});
