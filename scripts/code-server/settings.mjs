// User settings for a code-server profile that a script or a test drives. Each one removes
// something that would otherwise take the focus or the keystrokes meant for the editor
// (DESIGN.md section 5 has how each was found).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const WORKBENCH_SETTINGS = {
    // Else a Welcome tab opens over the workspace.
    "workbench.startupEditor": "none",
    // Else VS Code's own Chat panel opens and takes the focus (and our typing).
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    // Else the suggest widget pops up and takes the Tab meant for inline (ghost) text.
    "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
    "editor.suggestOnTriggerCharacters": false,
    // This build saves after a delay by default; tests save with Ctrl+S and watch the dirty mark.
    "files.autoSave": "off",
    // No network here: nothing should try to reach a gallery or show tips that move the layout.
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
};

/** Writes <userDataDir>/User/settings.json: the workbench defaults, then `settings` over them. */
export function writeUserSettings(userDataDir, settings = {}, { workbenchDefaults = true } = {}) {
    const dir = join(userDataDir, "User");
    mkdirSync(dir, { recursive: true });
    const merged = { ...(workbenchDefaults ? WORKBENCH_SETTINGS : {}), ...settings };
    writeFileSync(join(dir, "settings.json"), JSON.stringify(merged, null, 4) + "\n");
    return join(dir, "settings.json");
}
