// code-server (VS Code 1.139 served to a browser) for `npm start` and the e2e tests: installed
// on first use into the user cache folder (scripts/code-server/paths.mjs), then launched on throwaway or chosen profiles.
//   node scripts/code-server.mjs install     install (or check) and print the version
//   node scripts/code-server.mjs check       say which system packages are missing, exit 1 if any
// The pieces live in scripts/code-server/: paths, system packages, install, launch, processes.
import { pathToFileURL } from "node:url";
import { install, installedVersion, isInstalled } from "./code-server/install.mjs";
import { installExtension, launch } from "./code-server/launch.mjs";
import { BROWSER_PACKAGES, BUILD_PACKAGES, CHROMIUM_PATH, missingPackages, requirePackages } from "./code-server/system-packages.mjs";
import { WORKBENCH_SETTINGS, writeUserSettings } from "./code-server/settings.mjs";

export {
    BROWSER_PACKAGES, BUILD_PACKAGES, CHROMIUM_PATH, WORKBENCH_SETTINGS,
    install, installExtension, installedVersion, isInstalled, launch, missingPackages, requirePackages, writeUserSettings,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const command = process.argv[2] ?? "install";
    try {
        if (command === "install") {
            install();
            console.log(installedVersion());
        } else if (command === "check") {
            const missing = missingPackages([...BUILD_PACKAGES, ...BROWSER_PACKAGES]);
            if (missing.length > 0) {
                console.error(`missing: ${missing.join(" ")}\ninstall: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}`);
                process.exit(1);
            }
            console.log("all system packages present");
        } else {
            throw new Error(`unknown command "${command}"; expected install or check`);
        }
    } catch (error) {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    }
}
