// Everything the e2e cases share, made once per run (global-setup.ts) or on the first case
// when a file is run by hand: code-server installed, Chromium present, the CPU-only VSIX and
// the companion VSIX packaged, the synthetic model generated. Recorded in setup.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BROWSER_PACKAGES, CHROMIUM_PATH, install, installedVersion, requirePackages } from "../../../scripts/code-server.mjs";
import { packageExtension } from "../../../scripts/package.mjs";
import { isFresh } from "../../../scripts/package/freshness.mjs";
import { companionDir, e2eCache, repoRoot, setupManifest } from "./paths.ts";
import { makeSyntheticModel } from "./synthetic-model.ts";

export interface E2eSetup {
    codeServer: string;
    vsix: string;
    companionVsix: string;
    /** The synthetic gpt-oss GGUF, or null with the reason the model cases skip. */
    model: string | null;
    modelSkipReason?: string;
    /** How long each step took this time, in seconds (0: reused). */
    timings: Record<string, number>;
}

// What the VSIX is made from: any change repackages it.
const VSIX_INPUTS = ["extension", "server", "protocol", "webview", "media", "package.json", ".vscodeignore", "scripts/build.mjs", "scripts/package.mjs", "scripts/package"]
    .map((path) => join(repoRoot, path));

function timed<T>(timings: Record<string, number>, step: string, work: () => T): T {
    const started = Date.now();
    const result = work();
    timings[step] = (Date.now() - started) / 1000;
    return result;
}

function packageCompanion(out: string): void {
    const vsce = join(repoRoot, "node_modules", "@vscode", "vsce", "vsce");
    const result = spawnSync(process.execPath, [vsce, "package", "--allow-missing-repository", "--skip-license", "--no-dependencies", "--out", out], {
        cwd: companionDir, encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`packaging the companion failed:\n${result.stdout}\n${result.stderr}`);
}

export async function prepare({ force = process.env.GPT_OSS_E2E_REPACKAGE === "1" } = {}): Promise<E2eSetup> {
    mkdirSync(e2eCache, { recursive: true });
    const timings: Record<string, number> = {};
    requirePackages(BROWSER_PACKAGES, "The e2e tests (Chromium drives the workbench)");
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing; install Debian's chromium (apt-get install -y chromium)`);
    timed(timings, "codeServer", () => install());

    const vsix = join(e2eCache, "gpt-oss-assistant-linux-x64-cpu.vsix");
    if (force || !isFresh(vsix, VSIX_INPUTS)) {
        const started = Date.now();
        await packageExtension({ target: "linux-x64-cpu", out: vsix });
        timings.vsix = (Date.now() - started) / 1000;
    }
    const companionVsix = join(e2eCache, "gpt-oss-e2e-companion.vsix");
    if (force || !isFresh(companionVsix, [companionDir])) timed(timings, "companion", () => packageCompanion(companionVsix));

    const started = Date.now();
    const model = await makeSyntheticModel();
    timings.model = (Date.now() - started) / 1000;

    const setup: E2eSetup = {
        codeServer: installedVersion(),
        vsix,
        companionVsix,
        model: model.path,
        ...(model.skipReason ? { modelSkipReason: model.skipReason } : {}),
        timings,
    };
    writeFileSync(setupManifest, JSON.stringify(setup, null, 2) + "\n");
    return setup;
}

let loaded: Promise<E2eSetup> | undefined;

/** The setup of this run: global-setup's when it is current, else made now. */
export function loadSetup(): Promise<E2eSetup> {
    loaded ??= (async () => {
        if (existsSync(setupManifest)) {
            const setup = JSON.parse(readFileSync(setupManifest, "utf8")) as E2eSetup;
            const current = isFresh(setup.vsix, VSIX_INPUTS) && isFresh(setup.companionVsix, [companionDir]) && (setup.model === null || existsSync(setup.model));
            if (current) return setup;
        }
        return prepare();
    })();
    return loaded;
}
