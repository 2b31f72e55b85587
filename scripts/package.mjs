// `npm run package`: builds the production bundles and packages the VSIX with vsce, shipping
// node-llama-cpp (the one production dependency, external to the server bundle) with its
// prebuilt engines. Options:
//   --target <platform>[-cpu]  one platform's engines (e.g. linux-x64), or only its CPU engine
//                              (linux-x64-cpu: what the e2e tests install); default: all installed
//   --out <file.vsix>          where to write it (default: gpt-oss-assistant-<version>[-target].vsix)
//   --no-build                 package dist/ as it is
// Also importable: packageExtension({ target, out, build }) → { vsix, bytes, seconds, files }.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkContents } from "./package/check-contents.mjs";
import { binaryPackagesFor, parseTarget } from "./package/targets.mjs";
import { zipEntries } from "./package/zip-entries.mjs";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const vsceBin = join(repoRoot, "node_modules", "@vscode", "vsce", "vsce");

function run(args, what) {
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

export async function packageExtension({ target: targetName, out, build = true, log = console.error } = {}) {
    const started = Date.now();
    const target = parseTarget(targetName);
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const vsix = resolve(out ?? join(repoRoot, `${manifest.name}-${manifest.version}${target ? `-${target.name}` : ""}.vsix`));
    const { kept, ignoreLines } = binaryPackagesFor(target, repoRoot);

    if (build) run(["scripts/build.mjs", "--production"], "build");

    // A target narrows the committed .vscodeignore; vsce takes one ignore file, so write both
    // into a temporary one.
    const scratch = mkdtempSync(join(tmpdir(), "gpt-oss-package-"));
    const ignoreFile = join(scratch, ".vscodeignore");
    const base = readFileSync(join(repoRoot, ".vscodeignore"), "utf8");
    writeFileSync(ignoreFile, `${base}\n# target ${target?.name ?? "universal"}\n${ignoreLines.join("\n")}\n`);
    mkdirSync(dirname(vsix), { recursive: true });
    rmSync(vsix, { force: true });
    log(`packaging ${vsix} (engines: ${kept.join(", ") || "none"})`);
    // vsce writes to a scratch file that is renamed into place only when it succeeded: a failed
    // run (a file changed while it was zipping) must not leave a truncated VSIX that looks new.
    const partial = `${vsix}.partial`;
    try {
        run(
            [
                vsceBin, "package",
                "--allow-missing-repository", "--skip-license",
                // The README links the docs/ pages by relative path; with no repository URL to
                // prepend, vsce would refuse them. They stay relative (the docs are not shipped).
                "--no-rewrite-relative-links",
                "--ignoreFile", ignoreFile,
                "--out", partial,
                ...(target ? ["--target", target.platform] : []),
            ],
            "vsce package",
        );
        renameSync(partial, vsix);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
        rmSync(partial, { force: true });
    }

    const entries = zipEntries(vsix);
    checkContents(entries, { binaryPackages: kept });
    const bytes = statSync(vsix).size;
    const seconds = (Date.now() - started) / 1000;
    log(`packaged ${vsix}: ${(bytes / 2 ** 20).toFixed(1)} MiB, ${entries.length} entries, ${seconds.toFixed(1)} s`);
    return { vsix, bytes, seconds, files: entries.length };
}

function parseArgs(argv) {
    const options = { build: true };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--target") options.target = argv[++i];
        else if (arg.startsWith("--target=")) options.target = arg.slice("--target=".length);
        else if (arg === "--out") options.out = argv[++i];
        else if (arg.startsWith("--out=")) options.out = arg.slice("--out=".length);
        else if (arg === "--no-build") options.build = false;
        else throw new Error(`unknown option ${arg}`);
    }
    return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    try {
        await packageExtension(parseArgs(process.argv.slice(2)));
    } catch (error) {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    }
}
