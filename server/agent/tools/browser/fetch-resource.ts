// One guarded HTTP GET for the browser tool. Redirects are followed here, by hand, so that every
// hop goes through the same gate as the first URL (a page on an allowed site must not be able to
// bounce the agent to a site the user never agreed to). Each hop has its own timeout, the body is
// read as a stream and given up once it passes the size cap, and the task's signal aborts it all.
import { ToolError } from "../../tool.ts";

export interface FetchedResource {
    /** The URL the body came from, after redirects. */
    readonly url: URL;
    readonly status: number;
    /** The media type alone, lowercase ("text/html"); "" when the server sent none. */
    readonly mediaType: string;
    /** The charset parameter of Content-Type, when there was one. */
    readonly charset: string | undefined;
    readonly body: Uint8Array;
}

export interface FetchLimits {
    readonly timeoutMs: number;
    readonly maxBytes: number;
    readonly maxRedirects: number;
}

export interface FetchRequest {
    readonly url: URL;
    /** Called for the first URL and every redirect target; throws a ToolError to refuse it. */
    readonly gate: (url: URL, reason: string) => Promise<void>;
    /** Why the first URL is fetched, for the approval question. */
    readonly reason: string;
    /** Decides from the headers alone whether the body is worth reading (binary types are not). */
    readonly acceptMediaType: (mediaType: string, url: URL) => void;
    readonly signal: AbortSignal;
    readonly limits: FetchLimits;
    readonly fetch: typeof fetch;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchResource(request: FetchRequest): Promise<FetchedResource> {
    let url = request.url;
    let reason = request.reason;
    for (let hop = 0; ; hop++) {
        await request.gate(url, reason);
        const answer = await fetchOnce(url, request);
        if (answer.kind === "resource") return answer.resource;
        if (hop >= request.limits.maxRedirects) {
            throw new ToolError(`Gave up on ${request.url.href}: more than ${request.limits.maxRedirects} redirects.`);
        }
        reason = `redirected from ${url.href}`;
        url = answer.location;
    }
}

type HopAnswer = { kind: "resource"; resource: FetchedResource } | { kind: "redirect"; location: URL };

async function fetchOnce(url: URL, request: FetchRequest): Promise<HopAnswer> {
    throwIfCancelled(request.signal, url);
    const hop = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; hop.abort(); }, request.limits.timeoutMs);
    const cancel = (): void => hop.abort();
    request.signal.addEventListener("abort", cancel, { once: true });
    try {
        const response = await request.fetch(url, {
            method: "GET",
            redirect: "manual",
            signal: hop.signal,
            headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5" },
        });
        if (REDIRECT_STATUSES.has(response.status)) {
            await response.body?.cancel();
            const location = response.headers.get("location");
            if (location === null) throw new ToolError(`${url.href} answered ${response.status} (a redirect) without saying where to.`);
            return { kind: "redirect", location: parseRedirect(location, url) };
        }
        const contentType = response.headers.get("content-type") ?? "";
        const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
        try {
            request.acceptMediaType(mediaType, url);
            const declared = Number(response.headers.get("content-length"));
            if (Number.isFinite(declared) && declared > request.limits.maxBytes) throw tooLarge(url, request.limits.maxBytes);
        } catch (error) {
            await response.body?.cancel();
            throw error;
        }
        const body = await readCapped(response, url, request.limits.maxBytes, hop);
        return { kind: "resource", resource: { url, status: response.status, mediaType, charset, body } };
    } catch (error) {
        if (error instanceof ToolError) throw error;
        throwIfCancelled(request.signal, url);
        if (timedOut) {
            throw new ToolError(`${url.host} did not send the whole page within ${formatSeconds(request.limits.timeoutMs)}; gave up waiting.`);
        }
        throw new ToolError(`Could not fetch ${url.href}: ${describeNetworkError(error)}.`);
    } finally {
        clearTimeout(timer);
        request.signal.removeEventListener("abort", cancel);
    }
}

async function readCapped(response: Response, url: URL, maxBytes: number, hop: AbortController): Promise<Uint8Array> {
    if (response.body === null) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
            // Stop the download itself, not just our reading of it.
            hop.abort();
            await reader.cancel().catch(() => undefined);
            throw tooLarge(url, maxBytes);
        }
        chunks.push(value);
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return body;
}

function parseRedirect(location: string, from: URL): URL {
    try {
        return new URL(location, from);
    } catch {
        throw new ToolError(`${from.href} redirected to an invalid address (${location.slice(0, 200)}).`);
    }
}

function throwIfCancelled(signal: AbortSignal, url: URL): void {
    if (signal.aborted) throw new ToolError(`Fetching ${url.href} was cancelled.`);
}

function tooLarge(url: URL, maxBytes: number): ToolError {
    return new ToolError(`${url.href} is larger than ${formatBytes(maxBytes)}, the most the browser reads; stopped downloading it.`);
}

function describeNetworkError(error: unknown): string {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name could not be resolved";
    if (code === "ECONNREFUSED") return "the connection was refused";
    if (code === "ECONNRESET") return "the connection was reset";
    return cause instanceof Error ? cause.message : String(cause);
}

export function formatBytes(bytes: number): string {
    if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
    if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
    return `${bytes} bytes`;
}

function formatSeconds(ms: number): string {
    return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
