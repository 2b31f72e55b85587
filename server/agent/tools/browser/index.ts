// The browser tools of one agent task, gpt-oss's trained `browser` tool as three functions:
// browser_search (only when a search endpoint is set), browser_open and browser_find, sharing
// one BrowserSession. `browserToolsFromSettings` is what the agent loop calls with the settings
// the extension sent and the connection to ask the user through.
import {
    BrowserApproveFetchRequest, BrowserApproveFetchResult, BrowserSettings, parseOrThrow, type BrowserApproveFetchParams,
} from "../../../../protocol/index.ts";
import { askEditor, type EditorConnection } from "../../../request-signal.ts";
import type { AgentTool } from "../../tool.ts";
import { normalizeAllowedDomain } from "./allow-list.ts";
import type { FetchLimits } from "./fetch-resource.ts";
import { browserFindTool } from "./find-tool.ts";
import { browserOpenTool } from "./open-tool.ts";
import { browserSearchTool } from "./search-tool.ts";
import { BrowserSession, type ApproveFetch } from "./session.ts";

export { BrowserSession, type ApproveFetch } from "./session.ts";
export { isHostAllowed, normalizeAllowedDomain } from "./allow-list.ts";

export interface BrowserToolOptions {
    /** A SearXNG instance; empty or missing: no browser_search tool. Its host is fetched without asking. */
    readonly searchEndpoint?: string;
    /** Domains fetched without asking (subdomains included). */
    readonly allowedDomains: readonly string[];
    /** Asked once per host that is not allowed; `reason` says why, for the dialog. */
    readonly approveFetch: ApproveFetch;
    /** How much of a page one browser_open shows, in estimated tokens (default 2,000). */
    readonly maxPageTokens?: number;
    /** Network limits per fetch (defaults: 15 s per request, 2 MB, 5 redirects). */
    readonly limits?: Partial<FetchLimits>;
    /** Replaces the global fetch (tests). */
    readonly fetch?: typeof fetch;
}

export const DEFAULT_MAX_PAGE_TOKENS = 2_000;

/** Fresh tools with their own session: call once per task, so pages and approvals do not leak between tasks. */
export function browserTools(options: BrowserToolOptions): AgentTool[] {
    const endpoint = options.searchEndpoint?.trim() ?? "";
    const endpointHost = endpoint === "" ? null : normalizeAllowedDomain(endpoint);
    const session = new BrowserSession({
        allowedDomains: options.allowedDomains,
        approveFetch: options.approveFetch,
        trustedHosts: endpointHost === null ? [] : [endpointHost],
        limits: options.limits,
        fetch: options.fetch,
    });
    const tools: AgentTool[] = [];
    if (endpoint !== "") tools.push(browserSearchTool(session, endpoint));
    tools.push(browserOpenTool(session, options.maxPageTokens ?? DEFAULT_MAX_PAGE_TOKENS), browserFindTool(session));
    return tools;
}

/** What the server needs of the language server connection to ask the user. */
export type ApprovalConnection = EditorConnection;

/**
 * The browser tools for one task, from the gptOss.browser.* settings the extension sent. Every
 * fetch outside the allow-list asks the user through the extension (gptoss/browser/approveFetch);
 * the question is withdrawn when the task is cancelled, and a late answer changes nothing.
 */
export function browserToolsFromSettings(settings: BrowserSettings, connection: ApprovalConnection): AgentTool[] {
    const checked = BrowserSettings.parse(settings);
    return browserTools({
        searchEndpoint: checked.searchEndpoint,
        allowedDomains: checked.allowedDomains,
        maxPageTokens: checked.maxPageTokens,
        approveFetch: async (url, reason) => {
            const params: BrowserApproveFetchParams = { url, host: new URL(url).hostname, reason };
            const answer = await askEditor(connection, BrowserApproveFetchRequest.method, params);
            return parseOrThrow(BrowserApproveFetchResult, answer, BrowserApproveFetchRequest.method, "result").approved;
        },
    });
}
