// Installs code-server into the cache on first use, the way @vscode/test-electron caches VS Code.
// Two npm installs into one private folder: Node 24 first (code-server requires it and its
// native modules must be compiled for its ABI), then code-server with that Node first on PATH
// and npm_config_nodedir pointing at its headers so node-gyp never downloads any (no network).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CODE_SERVER_VERSION, NODE_PACKAGE, installPaths } from "./paths.mjs";
import { BUILD_PACKAGES, requirePackages } from "./system-packages.mjs";

export function isInstalled(paths = installPaths()) {
    return existsSync(paths.marker) && existsSync(paths.node) && existsSync(paths.entry);
}

function npmInstall(dir, spec, env, log) {
    log(`npm install ${spec} (into ${dir})`);
    mkdirSync(dir, { recursive: true });
    // A package.json of its own keeps npm from walking up into an enclosing project.
    writeFileSync(`${dir}/package.json`, JSON.stringify({ name: "cache", private: true }) + "\n");
    const result = spawnSync(
        "npm",
        ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", spec],
        { cwd: dir, env, stdio: ["ignore", "inherit", "inherit"] },
    );
    if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status}); see the output above`);
}

/**
 * Under `npm test` the environment carries the outer npm's settings as npm_* variables, which a
 * child npm reads as its own configuration: code-server's postinstall then finds the outer
 * Node's version in npm_config_user_agent ("node/v20") and refuses to install. The child npm
 * gets a clean environment instead.
 */
function withoutNpmRunVariables(env) {
    return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== "NODE" && key !== "INIT_CWD"));
}

/** The installed code-server's version line, e.g. "4.139.1 <commit> with Code 1.139.1". */
export function installedVersion(paths = installPaths()) {
    // --config: else code-server writes a default config (with a password) to ~/.config.
    const config = join(paths.root, "version-check.yaml");
    const result = spawnSync(paths.node, [paths.entry, "--config", config, "--version"], { encoding: "utf8" });
    rmSync(config, { force: true });
    if (result.status !== 0) throw new Error(`code-server --version failed: ${result.stderr}`);
    const line = result.stdout.split("\n").find((text) => /^\d+\.\d+\.\d+ /.test(text));
    if (!line) throw new Error(`code-server --version printed no version:\n${result.stdout}`);
    return line.trim();
}

/**
 * Makes sure code-server is installed and returns its paths. Idempotent: a finished install
 * is reused; a half-finished one (no marker) is wiped and redone.
 */
export function install({ log = (line) => console.error(`[code-server] ${line}`) } = {}) {
    const paths = installPaths();
    if (isInstalled(paths)) return paths;
    requirePackages(BUILD_PACKAGES, `Installing code-server ${CODE_SERVER_VERSION}`, { tools: ["python3", "make", "g++"] });

    const started = Date.now();
    rmSync(paths.root, { recursive: true, force: true });
    const base = withoutNpmRunVariables(process.env);
    npmInstall(paths.nodeRoot, NODE_PACKAGE, base, log);
    const env = {
        ...base,
        PATH: `${paths.nodeBinDir}:${base.PATH ?? ""}`,
        npm_config_nodedir: paths.nodePackageDir,
    };
    npmInstall(paths.serverRoot, `code-server@${CODE_SERVER_VERSION}`, env, log);

    const version = installedVersion(paths);
    if (!version.startsWith(CODE_SERVER_VERSION)) throw new Error(`installed code-server reports "${version}"`);
    writeFileSync(paths.marker, `${version}\n`);
    log(`installed ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
    return paths;
}
