// Bounded retries for requests to the endpoint, only where repeating cannot duplicate output:
// the caller says whether anything has reached the user yet. Retried: connection failures, 429
// when the wait asked for is short, 500/502/503/504. Not retried: 4xx (the same request fails the
// same way), timeouts (the user already waited the whole timeout), anything after streaming began.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { EngineError } from "../engine-error.ts";
import { log } from "../../log.ts";
import { retryAfterMs } from "./remote-errors.ts";

export interface RetryPolicy {
    /** Attempts after the first. */
    retries: number;
    /** Backoff before the first retry (doubled each time) when the server names no wait. */
    baseDelayMs: number;
    /** A Retry-After longer than this fails at once, with the wait in the message. */
    maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 500, maxWaitMs: 20_000 };

/** How long to wait before retrying `error`, or null when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy): number | null {
    if (attempt >= policy.retries) return null;
    const backoff = policy.baseDelayMs * 2 ** attempt;
    if (error instanceof APIConnectionTimeoutError) return null;
    if (error instanceof APIConnectionError) return backoff;
    if (!(error instanceof APIError) || typeof error.status !== "number") return null;
    if (error.status === 429) {
        const asked = retryAfterMs(error.headers);
        if (asked === null) return backoff;
        return asked <= policy.maxWaitMs ? asked : null;
    }
    return [500, 502, 503, 504].includes(error.status) ? backoff : null;
}

/**
 * Runs `attempt` until it succeeds, retrying per the policy while `safeToRetry()` holds.
 * `describe` names the failure for the log line ("429", "connection failed").
 */
export async function withRetry<T>(
    what: string, attempt: (attemptNumber: number) => Promise<T>, safeToRetry: () => boolean,
    signal: AbortSignal | undefined, policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
    for (let attemptNumber = 0; ; attemptNumber += 1) {
        try {
            return await attempt(attemptNumber);
        } catch (error) {
            const delay = signal?.aborted || !safeToRetry() ? null : retryDelay(error, attemptNumber, policy);
            if (delay === null) throw error;
            log.warn(`${what}: ${describe(error)}; retrying in ${(delay / 1000).toFixed(1)} s (retry ${attemptNumber + 1} of ${policy.retries})`);
            await sleep(delay, signal);
        }
    }
}

function describe(error: unknown): string {
    if (error instanceof APIError && typeof error.status === "number") return `the endpoint answered ${error.status}`;
    if (error instanceof APIConnectionError) return "the connection failed";
    return "the request failed";
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(new EngineError("cancelled", "The request was cancelled."));
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(new EngineError("cancelled", "The request was cancelled."));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
