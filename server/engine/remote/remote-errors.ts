// Turns what the openai client throws into an EngineError a user can act on: which endpoint,
// what went wrong in plain words, and what to do. Text from the endpoint is clipped and any
// copy of the API key in it is masked (a misbehaving proxy may echo request headers).
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { EngineError, errorMessage } from "../engine-error.ts";

export interface FailureContext {
    /** The endpoint as shown to the user (no credentials). */
    endpoint: string;
    model: string;
    apiKey: string;
    timeoutSeconds: number;
}

/** Raised by our own stall watchdog: the stream went quiet for longer than the timeout. */
export class StreamStalledError extends Error {
    constructor(seconds: number) {
        super(`no data for ${seconds} s`);
        this.name = "StreamStalledError";
    }
}

export function mask(text: string, apiKey: string): string {
    return apiKey.length >= 4 ? text.split(apiKey).join("***") : text;
}

export function toEngineError(error: unknown, context: FailureContext): EngineError {
    if (error instanceof EngineError) return new EngineError(error.code, mask(error.message, context.apiKey), { cause: error });
    const where = context.endpoint;
    if (error instanceof StreamStalledError) {
        return new EngineError("timeout", `The endpoint ${where} stopped sending for ${context.timeoutSeconds} s in the middle of an answer (gptOss.remote.timeoutSeconds).`);
    }
    if (error instanceof APIUserAbortError) return new EngineError("cancelled", "The request was cancelled.");
    if (error instanceof APIConnectionTimeoutError) {
        return new EngineError("timeout", `The endpoint ${where} did not answer within ${context.timeoutSeconds} s (gptOss.remote.timeoutSeconds).`);
    }
    if (error instanceof APIConnectionError) {
        const reason = connectionReason(error);
        return new EngineError("unreachable", `Cannot reach the endpoint ${where}: ${reason}. Check gptOss.remote.endpoint and that the server is running.`);
    }
    if (error instanceof APIError && typeof error.status === "number") {
        const detail = mask(serverDetail(error), context.apiKey);
        const status = error.status;
        if (status === 401) {
            return new EngineError("unauthorized", context.apiKey === ""
                ? `The endpoint ${where} needs an API key (401${detail}). Run "gpt-oss: Set API Key".`
                : `The endpoint ${where} refused the API key (401${detail}). Run "gpt-oss: Set API Key" to replace it.`, { cause: error });
        }
        if (status === 403) return new EngineError("unauthorized", `The endpoint ${where} denied access to ${context.model} (403${detail}). Check the API key ("gpt-oss: Set API Key") and its permissions.`, { cause: error });
        if (status === 404) return new EngineError("model-not-found", `The endpoint ${where} answered 404${detail}: check the URL (it usually ends in /v1) and the model name "${context.model}".`, { cause: error });
        if (status === 429) {
            const wait = retryAfterMs(error.headers);
            return new EngineError("rate-limited", `The endpoint ${where} is rate limiting requests (429${detail})` +
                (wait !== null ? `; it asks to wait ${Math.ceil(wait / 1000)} s.` : "; try again shortly."), { cause: error });
        }
        if (status >= 500) return new EngineError("remote-error", `The endpoint ${where} failed with ${status}${detail}.`, { cause: error });
        return new EngineError("generation-failed", `The endpoint ${where} rejected the request (${status}${detail}).`, { cause: error });
    }
    return new EngineError("remote-error", `The request to ${where} failed: ${mask(errorMessage(error), context.apiKey)}`, { cause: error });
}

/** The error text the server put in its body, as ": …" (empty when there is none). */
function serverDetail(error: APIError): string {
    const body = error.error as { message?: unknown } | string | undefined;
    const text = typeof body === "string" ? body : typeof body?.message === "string" ? body.message : "";
    const clipped = text.replace(/\s+/g, " ").trim().slice(0, 300);
    return clipped === "" ? "" : `: ${clipped}`;
}

/** "connection refused" rather than "fetch failed": the first error code or message down the cause chain. */
function connectionReason(error: Error): string {
    const codes: Record<string, string> = {
        ECONNREFUSED: "connection refused", ENOTFOUND: "host not found", ECONNRESET: "connection reset",
        EHOSTUNREACH: "host unreachable", ETIMEDOUT: "connection timed out", EAI_AGAIN: "name lookup failed",
        CERT_HAS_EXPIRED: "its TLS certificate has expired", DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is self-signed",
    };
    let current: unknown = error;
    for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
        const code = (current as { code?: unknown }).code;
        if (typeof code === "string" && code in codes) return `${codes[code]} (${code})`;
        if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
        current = (current as { cause?: unknown }).cause;
    }
    return error.message;
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds; null when absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
    if (!headers) return null;
    const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
    if (Number.isFinite(ms) && ms >= 0) return ms;
    const value = headers.get("retry-after");
    if (value === null) return null;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The HTTP status behind an EngineError made by toEngineError, or null. */
export function httpStatusOf(error: unknown): number | null {
    const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
    return cause instanceof APIError && typeof cause.status === "number" ? cause.status : null;
}
