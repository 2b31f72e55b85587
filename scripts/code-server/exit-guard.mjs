// code-server runs in its own process group (so stop() can signal the whole group), which also
// means Ctrl+C in a terminal never reaches it. If our process ends with sessions still running
// (an interrupted test run, a crash, a forgotten stop()), this ends them: synchronously on
// 'exit', and on SIGINT/SIGTERM when nobody else handles the signal (then re-raised, so the
// process still dies of it). A caller with its own handler (scripts/start.mjs) stops gracefully.
import { isAlive, pidsWithEnv } from "./processes.mjs";

const live = new Map(); // session tag → { pid, envName }
let installed = false;

function killAll() {
    for (const [session, { pid, envName }] of live) {
        const pids = [pid, ...pidsWithEnv(envName, session)];
        try {
            process.kill(-pid, "SIGKILL");
        } catch {
            // group already gone
        }
        for (const other of pids) {
            try {
                if (isAlive(other)) process.kill(other, "SIGKILL");
            } catch {
                // gone meanwhile
            }
        }
    }
    live.clear();
}

function onSignal(signal) {
    // Someone else listens too: theirs is the orderly shutdown; stay out of its way.
    if (process.listenerCount(signal) > 1) return;
    killAll();
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
}

export function guard(session, pid, envName) {
    live.set(session, { pid, envName });
    if (installed) return;
    installed = true;
    process.on("exit", killAll);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
}

export function unguard(session) {
    live.delete(session);
}
