// Finding and ending the processes a code-server session leaves behind. Killing the process
// group is not enough on its own: VS Code's server forks the extension host and pty host, and
// our extension forks the language server; any of them may start a new session or group. So a
// session is tagged with an environment variable its whole tree inherits, and we also walk
// parent links, then signal everything we found.
import { readFileSync, readdirSync } from "node:fs";

function readProc(pid, file) {
    try {
        return readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
        return undefined; // gone, or not ours to read
    }
}

function allPids() {
    return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
}

function parentOf(pid) {
    const stat = readProc(pid, "stat");
    if (stat === undefined) return undefined;
    // The command name in field 2 may hold spaces and parentheses; fields after its last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Processes whose environment holds NAME=VALUE exactly. */
export function pidsWithEnv(name, value) {
    const needle = `${name}=${value}`;
    return allPids().filter((pid) => (readProc(pid, "environ") ?? "").split("\0").includes(needle));
}

/** The given process and all its descendants that are still running. */
export function descendantsOf(rootPid) {
    const children = new Map();
    for (const pid of allPids()) {
        const parent = parentOf(pid);
        if (parent === undefined) continue;
        if (!children.has(parent)) children.set(parent, []);
        children.get(parent).push(pid);
    }
    const found = [];
    const queue = [rootPid];
    while (queue.length > 0) {
        const pid = queue.shift();
        if (readProc(pid, "stat") === undefined) continue;
        found.push(pid);
        queue.push(...(children.get(pid) ?? []));
    }
    return found;
}

/** Processes whose command line contains every one of the given strings. */
export function pidsWithCommandLine(...parts) {
    return allPids().filter((pid) => {
        const cmdline = (readProc(pid, "cmdline") ?? "").replaceAll("\0", " ");
        return cmdline !== "" && parts.every((part) => cmdline.includes(part));
    });
}

export function isAlive(pid) {
    const stat = readProc(pid, "stat");
    // A zombie has exited; only its parent's wait() is missing.
    return stat !== undefined && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

function signal(pid, sig) {
    try {
        process.kill(pid, sig);
    } catch {
        // already gone
    }
}

/** SIGTERM, then SIGKILL whatever is still alive after graceMs. Resolves when all are gone. */
export async function terminate(pids, { graceMs = 3000 } = {}) {
    const targets = [...new Set(pids)].filter((pid) => pid !== process.pid);
    for (const pid of targets) signal(pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (targets.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stubborn = targets.filter(isAlive);
    for (const pid of stubborn) signal(pid, "SIGKILL");
    // SIGKILL cannot be refused, but a process in uninterruptible sleep takes a moment.
    const killDeadline = Date.now() + 5000;
    while (targets.some(isAlive) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
    const survivors = targets.filter(isAlive);
    if (survivors.length > 0) throw new Error(`processes survived SIGKILL: ${survivors.join(", ")}`);
    return stubborn;
}
