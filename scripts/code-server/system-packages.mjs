// The Debian packages the harness cannot install for itself. code-server's native modules
// (kerberos, native-keymap, @vscode/spdlog, keytar…) compile against the -dev headers during
// `npm install`; chromium is the browser playwright-core drives. We only check and explain:
// installing system packages is for .ci/run or the person at the keyboard.
import { spawnSync } from "node:child_process";

export const BUILD_PACKAGES = ["libkrb5-dev", "libx11-dev", "libxkbfile-dev", "libsecret-1-dev"];
export const BROWSER_PACKAGES = ["chromium"];
export const CHROMIUM_PATH = process.env.GPT_OSS_CHROMIUM ?? "/usr/bin/chromium";

function isInstalled(pkg) {
    const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
    return result.status === 0 && result.stdout.includes("install ok installed");
}

/** Names of the given packages that dpkg does not report as installed. */
export function missingPackages(packages) {
    return packages.filter((pkg) => !isInstalled(pkg));
}

/** Throws one message that names every missing package and the command that installs them. */
export function requirePackages(packages, purpose, { tools: neededTools = [] } = {}) {
    const missing = missingPackages(packages);
    const tools = neededTools.filter(
        (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0,
    );
    if (missing.length === 0 && tools.length === 0) return;
    const lines = [`${purpose} needs system packages that are missing:`];
    if (missing.length > 0) {
        lines.push(`  missing: ${missing.join(" ")}`);
        lines.push(`  install: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")}`);
    }
    if (tools.length > 0) lines.push(`  missing tools on PATH: ${tools.join(" ")} (apt: ${tools.join(" ")})`);
    throw new Error(lines.join("\n"));
}
