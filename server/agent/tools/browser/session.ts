// The browser's state for one agent task: the pages opened so far (numbered, kept so the next
// part or a find needs no second download), the last search's results (so "open 2" works), and
// the user's answers about hosts. One answer per host per task: a yes covers later fetches there,
// and a no is final, so a model that keeps retrying cannot pester the user with the same dialog.
import { ToolError, type ToolContext } from "../../tool.ts";
import { isHostAllowed, normalizeHost } from "./allow-list.ts";
import { fetchResource, type FetchedResource, type FetchLimits } from "./fetch-resource.ts";
import { pageContent, refuseBinaryMediaType } from "./page-content.ts";
import { pageLines, type Page } from "./page.ts";
import type { SearchResult } from "./search.ts";

export type ApproveFetch = (url: string, reason: string) => Promise<boolean>;

export interface BrowserSessionOptions {
    /** Fetched without asking (each entry covers its subdomains). */
    readonly allowedDomains: readonly string[];
    /** Asked before any other fetch; only a literal `true` is a yes. */
    readonly approveFetch: ApproveFetch;
    /** Hosts allowed besides the list, e.g. the search endpoint's. */
    readonly trustedHosts?: readonly string[];
    readonly limits?: Partial<FetchLimits>;
    readonly fetch?: typeof fetch;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };

export class BrowserSession {
    private readonly pages: Page[] = [];
    private readonly decisions = new Map<string, Promise<boolean>>();
    private readonly limits: FetchLimits;
    private readonly allowed: readonly string[];
    private lastResults: readonly SearchResult[] = [];

    constructor(private readonly options: BrowserSessionOptions) {
        this.limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
        this.allowed = [...options.allowedDomains, ...(options.trustedHosts ?? [])];
    }

    get results(): readonly SearchResult[] {
        return this.lastResults;
    }

    rememberResults(results: readonly SearchResult[]): void {
        this.lastResults = results;
    }

    /** The page opened last, or the one opened from `url` (as asked for or after redirects). */
    page(url?: string): Page | undefined {
        if (url === undefined) return this.pages.at(-1);
        const wanted = normalizeUrl(url);
        return [...this.pages].reverse().find((page) => page.requestedUrl === wanted || page.url === wanted);
    }

    /** Fetches `url` (gated, capped) and keeps it as a numbered page. */
    async open(url: URL, reason: string, context: ToolContext): Promise<Page> {
        const resource = await this.fetch(url, reason, context, refuseBinaryMediaType);
        const content = pageContent(resource);
        const status = resource.status >= 200 && resource.status <= 299 ? "" : ` (HTTP ${resource.status})`;
        const page: Page = {
            cursor: this.pages.length + 1,
            requestedUrl: url.href,
            url: resource.url.href,
            title: `${content.title}${status}`,
            lines: pageLines(content.text),
        };
        this.pages.push(page);
        return page;
    }

    async fetch(url: URL, reason: string, context: ToolContext, acceptMediaType: (mediaType: string, url: URL) => void): Promise<FetchedResource> {
        if (!context.trusted) {
            throw new ToolError("Web access is off in an untrusted workspace; answer without browsing.");
        }
        return fetchResource({
            url,
            reason,
            gate: (target, why) => this.authorize(target, why, context.signal),
            acceptMediaType,
            signal: context.signal,
            limits: this.limits,
            fetch: this.options.fetch ?? fetch,
        });
    }

    private async authorize(url: URL, reason: string, signal: AbortSignal): Promise<void> {
        if (url.protocol !== "http:" && url.protocol !== "https:") {
            throw new ToolError(`Only http and https addresses can be opened, not ${url.protocol} (${url.href.slice(0, 200)}).`);
        }
        if (url.username !== "" || url.password !== "") {
            throw new ToolError("Addresses with a user name or password in them are not opened.");
        }
        const host = normalizeHost(url.hostname);
        if (host === null) throw new ToolError(`${url.href} names no host.`);
        if (isHostAllowed(host, this.allowed)) return;
        let decision = this.decisions.get(host);
        if (decision === undefined) {
            decision = this.ask(url.href, reason);
            this.decisions.set(host, decision);
        }
        const approved = await untilCancelled(decision, signal, url);
        if (!approved) {
            throw new ToolError(`The user did not allow fetching from ${host}. Do not try that site again in this task; use another source or answer without it.`);
        }
    }

    private async ask(url: string, reason: string): Promise<boolean> {
        try {
            return (await this.options.approveFetch(url, reason)) === true;
        } catch {
            // No answer (the extension went away, the request failed) is a no.
            return false;
        }
    }
}

/** The URL in the form `new URL().href` gives, so "https://a.org" and "https://a.org/" are one page. */
export function normalizeUrl(url: string): string {
    try {
        return new URL(url).href;
    } catch {
        return url;
    }
}

/** Waits for the user's answer, but not past a cancelled task. */
function untilCancelled(decision: Promise<boolean>, signal: AbortSignal, url: URL): Promise<boolean> {
    if (signal.aborted) return Promise.reject(new ToolError(`Fetching ${url.href} was cancelled.`));
    return new Promise((resolve, reject) => {
        const onAbort = (): void => reject(new ToolError(`Fetching ${url.href} was cancelled.`));
        signal.addEventListener("abort", onAbort, { once: true });
        decision.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
}
