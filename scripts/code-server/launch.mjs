// Installs extensions into a profile and starts code-server on it: 127.0.0.1, a port the
// kernel picked, no auth. The session is tagged (see processes.mjs) so stop() can end the
// whole tree, extension host and language server included, and prove it did.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { guard, unguard } from "./exit-guard.mjs";
import { install } from "./install.mjs";
import { descendantsOf, isAlive, pidsWithEnv, terminate } from "./processes.mjs";
import { writeUserSettings } from "./settings.mjs";

const SESSION_ENV = "GPT_OSS_CODE_SERVER_SESSION";

function baseArgs(extensionsDir, userDataDir) {
    return [
        "--extensions-dir", extensionsDir,
        "--user-data-dir", userDataDir,
        // Its own config file, else code-server writes one (with a password) under ~/.config.
        "--config", join(userDataDir, "code-server.yaml"),
    ];
}

/** Installs one or more VSIX files (or gallery ids) into the profile with --install-extension. */
export function installExtension(vsix, extensionsDir, userDataDir) {
    const paths = install();
    const files = Array.isArray(vsix) ? vsix : [vsix];
    const args = [paths.entry, ...baseArgs(extensionsDir, userDataDir)];
    for (const file of files) args.push("--install-extension", file);
    const result = spawnSync(paths.node, args, { encoding: "utf8" });
    // code-server prints failures but may still exit 0; trust the words too.
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0 || /failed|error/i.test(output)) {
        throw new Error(`installing ${files.join(", ")} failed (exit ${result.status}):\n${output.trim()}`);
    }
    return output.trim();
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function waitForListening(child, logFile, timeoutMs) {
    return new Promise((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => done(new Error(`code-server did not listen within ${timeoutMs} ms; log: ${logFile}`)), timeoutMs);
        function done(error) {
            clearTimeout(timer);
            child.stdout.off("data", onData);
            child.off("exit", onExit);
            if (error) reject(error);
            else resolve();
        }
        function onData(chunk) {
            seen += chunk.toString();
            if (/HTTP server listening on/.test(seen)) done();
        }
        function onExit(code, signal) {
            done(new Error(`code-server exited (${code ?? signal}) before listening; log: ${logFile}`));
        }
        child.stdout.on("data", onData);
        child.once("exit", onExit);
    });
}

/**
 * Starts code-server on `workspace`. Returns { url, port, pid, logFile, stop }.
 * `settings` go into the profile's User/settings.json over the workbench defaults; without
 * `settings` the profile's own settings.json is left as it is (a person's profile).
 * `env` is added to code-server's environment, which its extension host inherits.
 */
export async function launch({ workspace, extensionsDir, userDataDir, settings, env = {}, timeoutMs = 30_000 }) {
    const paths = install();
    mkdirSync(extensionsDir, { recursive: true });
    mkdirSync(userDataDir, { recursive: true });
    if (settings) writeUserSettings(userDataDir, settings);
    const port = await freePort();
    const session = randomUUID();
    const logFile = join(userDataDir, "code-server.out.log");
    const args = [
        paths.entry,
        ...baseArgs(extensionsDir, userDataDir),
        "--auth", "none",
        "--bind-addr", `127.0.0.1:${port}`,
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        workspace,
    ];
    // detached: its own process group, so one signal reaches the group and Ctrl+C in our
    // terminal does not race our own orderly stop().
    const child = spawn(paths.node, args, {
        detached: true,
        env: { ...process.env, ...env, [SESSION_ENV]: session },
        stdio: ["ignore", "pipe", "pipe"],
    });
    guard(session, child.pid, SESSION_ENV);
    const log = createWriteStream(logFile);
    child.stdout.pipe(log);
    child.stderr.pipe(log);

    let stopped;
    async function stop() {
        stopped ??= (async () => {
            const pids = new Set([...descendantsOf(child.pid), ...pidsWithEnv(SESSION_ENV, session)]);
            try {
                process.kill(-child.pid, "SIGTERM");
            } catch {
                // group already gone
            }
            await terminate([...pids]);
            // Anything started between our look and the signals (a server restarting).
            const late = pidsWithEnv(SESSION_ENV, session).filter(isAlive);
            if (late.length > 0) await terminate(late, { graceMs: 0 });
            unguard(session);
            log.end();
        })();
        return stopped;
    }

    try {
        await waitForListening(child, logFile, timeoutMs);
    } catch (error) {
        await stop();
        throw error;
    }
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    return { url, port, pid: child.pid, session, logFile, stop };
}

export { SESSION_ENV };
