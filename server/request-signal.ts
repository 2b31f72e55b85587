// Which request from the editor the server is serving right now, as its AbortSignal, carried
// through every await by AsyncLocalStorage. A question the server asks the editor while serving
// a request (run this code unsandboxed? fetch this site? what are the diagnostics?) goes out
// with a cancellation token tied to that signal: when the user cancels the task, the question is
// withdrawn in the editor too, and an answer that still arrives is ignored.
import { AsyncLocalStorage } from "node:async_hooks";
import { CancellationTokenSource } from "vscode-languageserver/node";
import { EngineError } from "./engine/engine-error.ts";

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` as part of the request whose cancellation is `signal`. */
export function withRequestSignal<T>(signal: AbortSignal, work: () => T): T {
    return current.run(signal, work);
}

/** The signal of the editor's request being served here, if any. */
export function currentRequestSignal(): AbortSignal | undefined {
    return current.getStore();
}

/** What the server needs of the connection to ask the editor something. */
export interface EditorConnection {
    sendRequest(method: string, params: unknown, token: import("vscode-languageserver/node").CancellationToken): Promise<unknown>;
}

/**
 * Asks the editor `method`, withdrawn when `signal` (by default the request being served)
 * aborts: the editor gets $/cancelRequest, and this rejects at once with a cancellation,
 * whatever the editor answers later.
 */
export async function askEditor(connection: EditorConnection, method: string, params: unknown, signal = currentRequestSignal()): Promise<unknown> {
    const cancelled = () => new EngineError("cancelled", `${method} was withdrawn: the request it was asked for was cancelled`);
    if (signal?.aborted) throw cancelled();
    const source = new CancellationTokenSource();
    let onAbort = () => undefined as void;
    const withdrawn = new Promise<never>((_, reject) => {
        onAbort = () => {
            source.cancel();
            reject(cancelled());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
        return await Promise.race([connection.sendRequest(method, params, source.token), withdrawn]);
    } finally {
        signal?.removeEventListener("abort", onAbort);
        source.dispose();
    }
}
