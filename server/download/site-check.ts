// Before asking a site for a model file, check that the site answers at all, within a bound:
// fetch() waits minutes for an answer and node-llama-cpp's downloader retries on its own, so
// an offline machine, a firewall or a missing proxy would otherwise look like a wait forever.
// Any HTTP answer (even 404) means the site is reachable; only silence and network errors fail.
import type { DownloadSource } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "../engine/engine-error.ts";
import { bypassesProxy, proxyLabel, type ProxyChoice } from "./proxy-settings.ts";

/** How long the site (or the proxy) may take to answer: the user hears about it well within 15 s. */
export const SITE_CHECK_SECONDS = 10;

const HUGGING_FACE = "https://huggingface.co";

/** The site a source is fetched from: Hugging Face (or its mirror) for hf: URIs, else the URL's origin. */
export function siteOf(source: DownloadSource): URL {
    if (/^https?:\/\//i.test(source.uri)) return new URL(new URL(source.uri).origin);
    return new URL(source.huggingFaceEndpoint.trim() || HUGGING_FACE);
}

/** The error's root cause in a few words ("connection refused", "the name did not resolve"). */
function reasonOf(error: unknown, seconds: number): string {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${seconds} s`;
    let cause: unknown = error;
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
    const code = (cause as { code?: string } | null)?.code;
    if (code === "ECONNREFUSED") return "connection refused";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the name did not resolve";
    if (code === "ECONNRESET") return "the connection was reset";
    if (code === "UND_ERR_CONNECT_TIMEOUT") return "no connection within the timeout";
    return errorMessage(cause);
}

/** The message for an unreachable site: what failed, whether a proxy was involved, and what else to do. */
export function unreachableMessage(site: URL, reason: string, proxy: ProxyChoice | null): string {
    const viaProxy = proxy !== null && !bypassesProxy(site.hostname, proxy.noProxy);
    const proxyPart = viaProxy
        ? ` The request went through the proxy ${proxyLabel(site.protocol === "https:" ? proxy.httpsProxy : proxy.httpProxy)} (from ${proxy.from}); check that it runs and lets ${site.host} through, or change VS Code's http.proxy setting.`
        : " If this network needs a proxy, set it in VS Code's http.proxy setting (or HTTPS_PROXY in the environment).";
    return `${site.host} cannot be reached from this machine (${reason}).${proxyPart} Or use a GGUF file you already have, or connect to a server: "gpt-oss: Choose Model".`;
}

/** Resolves when the site answers; throws an "unreachable" EngineError within `seconds` otherwise. */
export async function checkSiteAnswers(source: DownloadSource, proxy: ProxyChoice | null, seconds = SITE_CHECK_SECONDS): Promise<void> {
    const site = siteOf(source);
    try {
        const response = await fetch(site, { method: "HEAD", redirect: "manual", signal: AbortSignal.timeout(seconds * 1000) });
        await response.body?.cancel().catch(() => undefined);
    } catch (error) {
        throw new EngineError("unreachable", unreachableMessage(site, reasonOf(error, seconds), proxy), { cause: error });
    }
}

/**
 * `promise`, or an EngineError after `seconds`: for the downloader's size request, which takes
 * no signal. What it leaves running is its own retry loop, which ends when the site answers.
 */
export function withinSeconds<T>(promise: Promise<T>, seconds: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new EngineError("timeout", message)), seconds * 1000);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
