// Registers a typed request handler: params are parsed with the protocol's schema on arrival,
// LSP cancellation becomes an AbortSignal, and errors reach the client with their code.
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from "vscode-languageserver/node";
import type { z } from "zod";
import { parseOrThrow, ProtocolValidationError, type NotificationDefinition, type RequestDefinition } from "../protocol/index.ts";
import { EngineError, errorMessage } from "./engine/engine-error.ts";
import { log } from "./log.ts";
import { SandboxRefusedError } from "./sandbox/index.ts";
import { withRequestSignal } from "./request-signal.ts";

/** JSON-RPC code for errors the engine raises on purpose; `data.code` says which. */
export const ENGINE_ERROR = -32001;
/** JSON-RPC code for a sandbox run that was refused (not run at all); `data` is a SandboxRefusal. */
export const SANDBOX_REFUSED = -32002;

/** Requests being handled now: shutdown cancels them and waits until each has ended. */
const inFlight = new Set<{ abort: AbortController; done: Promise<unknown> }>();

/**
 * Cancels every request still being handled (a chat turn, an agent task, a sandbox run...) and
 * waits for their handlers to end: each one stops what it started when its signal aborts.
 */
export async function cancelRequestsInFlight(): Promise<void> {
    const requests = [...inFlight];
    for (const request of requests) request.abort.abort();
    await Promise.allSettled(requests.map((request) => request.done));
}

export function handleRequest<P extends z.ZodType, R extends z.ZodType>(
    connection: Connection,
    definition: RequestDefinition<P, R>,
    handler: (params: z.infer<P>, signal: AbortSignal) => Promise<z.infer<R>>,
): void {
    connection.onRequest(definition.method, async (raw: unknown, token: CancellationToken) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let entry: { abort: AbortController; done: Promise<unknown> } | null = null;
        try {
            const params = parseOrThrow(definition.params, raw, definition.method, "params");
            // Questions the handler asks the editor are withdrawn when this request is cancelled.
            const running = withRequestSignal(abort.signal, () => handler(params, abort.signal));
            entry = { abort, done: running };
            inFlight.add(entry);
            const result = await running;
            // A cancelled generation stops early and returns what it had; the caller asked to
            // cancel, so it gets a cancellation (the streamed chunks already carried the text).
            if (abort.signal.aborted) throw new EngineError("cancelled", `${definition.method} was cancelled`);
            return result;
        } catch (error) {
            throw toResponseError(definition.method, error, abort.signal.aborted);
        } finally {
            subscription.dispose();
            if (entry !== null) inFlight.delete(entry);
        }
    });
}

export function sendNotification<P extends z.ZodType>(connection: Connection, definition: NotificationDefinition<P>, params: z.infer<P>): void {
    void connection.sendNotification(definition.method, parseOrThrow(definition.params, params, definition.method, "params"));
}

function toResponseError(method: string, error: unknown, cancelled: boolean): ResponseError<unknown> {
    if (cancelled || (error instanceof EngineError && error.code === "cancelled")) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled`);
    }
    if (error instanceof EngineError) return new ResponseError(ENGINE_ERROR, error.message, { code: error.code });
    if (error instanceof SandboxRefusedError) return new ResponseError(SANDBOX_REFUSED, error.message, error.toRefusal());
    if (error instanceof ProtocolValidationError) {
        log.error(error.message);
        return new ResponseError(-32602, error.message);
    }
    log.error(`${method} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return new ResponseError(ENGINE_ERROR, `Internal error in ${method}: ${errorMessage(error)}`, { code: "internal" });
}
