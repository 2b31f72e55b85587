// How a message is declared: once, here in protocol/, as zod schemas next to its method name.
// Extension, server, webview and tests import these definitions; every process boundary parses
// what it receives with them, so a malformed message fails loudly where it enters.
// Method names follow one scheme, `gptoss/<area>/<name>` in camelCase: the area is the protocol
// file (model, chat, completion, sandbox...), a notification that reports a change ends in
// `Changed` or `Progress`. docs/protocol.md is generated from these definitions
// (`npm run docs:protocol`) and a unit test fails when it is stale or a name breaks the scheme.
import type { z } from "zod";

/** Who sends the message: the extension (the language client) or the language server. */
export type Direction = "client-to-server" | "server-to-client";

/** A JSON-RPC request: the caller sends `params` and gets `result` back. */
export interface RequestDefinition<Params extends z.ZodType, Result extends z.ZodType> {
    readonly kind: "request";
    readonly method: string;
    readonly direction: Direction;
    readonly params: Params;
    readonly result: Result;
}

/** A one-way JSON-RPC notification. */
export interface NotificationDefinition<Params extends z.ZodType> {
    readonly kind: "notification";
    readonly method: string;
    readonly direction: Direction;
    readonly params: Params;
}

/** Most requests go from the extension to the server; one the server sends says so. */
export function defineRequest<Params extends z.ZodType, Result extends z.ZodType>(
    method: string, params: Params, result: Result, direction: Direction = "client-to-server",
): RequestDefinition<Params, Result> {
    return { kind: "request", method, direction, params, result };
}

/** Notifications go from the server to the extension unless one says otherwise. */
export function defineNotification<Params extends z.ZodType>(
    method: string, params: Params, direction: Direction = "server-to-client",
): NotificationDefinition<Params> {
    return { kind: "notification", method, direction, params };
}

export type ParamsOf<D> = D extends { params: infer P extends z.ZodType } ? z.infer<P> : never;
export type ResultOf<D> = D extends { result: infer R extends z.ZodType } ? z.infer<R> : never;

/** Thrown when a message does not match its schema; names the method so logs say where. */
export class ProtocolValidationError extends Error {
    constructor(readonly method: string, readonly direction: "params" | "result", readonly issues: string) {
        super(`invalid ${direction} for ${method}: ${issues}`);
        this.name = "ProtocolValidationError";
    }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, method: string, direction: "params" | "result"): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
        throw new ProtocolValidationError(method, direction, issues);
    }
    return parsed.data;
}
