// The openai client for one endpoint. Our own code retries (see retry.ts), so the client's own
// retries are off; its log goes to ours at "warn" (its debug output would list request
// details), and without an API key no Authorization header is sent at all.
import OpenAI from "openai";
import type { RemoteEndpointConfig } from "../../../protocol/index.ts";
import { log } from "../../log.ts";
import { mask } from "./remote-errors.ts";

/** A base URL with no path gets /v1, the path every OpenAI-compatible server uses. */
export function normalizeBaseUrl(baseUrl: string): string {
    const url = new URL(baseUrl.trim());
    if (url.pathname === "" || url.pathname === "/") url.pathname = "/v1";
    return url.toString().replace(/\/+$/, "");
}

/** The endpoint as the log and messages show it: no user:password part, no query string. */
export function displayUrl(baseUrl: string): string {
    const url = new URL(normalizeBaseUrl(baseUrl));
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/+$/, "");
}

export function createEndpointClient(config: RemoteEndpointConfig): OpenAI {
    const write = (level: "error" | "warn") => (message: string, ...rest: unknown[]) => {
        const details = rest.map((item) => (typeof item === "string" ? item : safeJson(item))).join(" ");
        log[level](`openai client: ${mask(`${message} ${details}`.trim(), config.apiKey)}`);
    };
    return new OpenAI({
        baseURL: normalizeBaseUrl(config.baseUrl),
        // The client insists on a key; the placeholder never leaves, the header is removed below.
        apiKey: config.apiKey === "" ? "no-key" : config.apiKey,
        timeout: config.timeoutSeconds * 1000,
        maxRetries: 0,
        defaultHeaders: { ...config.headers, ...(config.apiKey === "" ? { Authorization: null } : {}) },
        logLevel: "warn",
        logger: { error: write("error"), warn: write("warn"), info: () => undefined, debug: () => undefined },
    });
}

function safeJson(value: unknown): string {
    try {
        return JSON.stringify(value)?.slice(0, 300) ?? String(value);
    } catch {
        return String(value);
    }
}
