// Web search through a SearXNG instance's JSON API (`/search?q=…&format=json`): the request URL,
// the answer checked with zod (only the fields we show are required), and the numbered list the
// model reads and opens results from by number.
import { z } from "zod";
import { ToolError } from "../../tool.ts";

export interface SearchResult {
    readonly title: string;
    readonly url: string;
    readonly snippet: string;
}

const SearxngAnswer = z.object({
    results: z.array(z.object({
        url: z.string(),
        title: z.string().optional(),
        content: z.string().nullish(),
    }).loose()),
}).loose();

const MAX_SNIPPET_CHARS = 300;

/**
 * The endpoint may be written as the instance ("https://searx.example") or as its search path
 * ("https://searx.example/search"); either way the query goes to the search path.
 */
export function searchRequestUrl(endpoint: string, query: string): URL {
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        throw new ToolError(`The search endpoint setting (gptOss.browser.searchEndpoint) is not a URL: "${endpoint}".`);
    }
    if (url.pathname === "" || url.pathname === "/") url.pathname = "/search";
    url.searchParams.set("q", query);
    url.searchParams.set("format", "json");
    return url;
}

export function parseSearchAnswer(status: number, mediaType: string, body: string, topn: number): SearchResult[] {
    if (status === 403 && !mediaType.includes("json")) {
        // What SearXNG answers when JSON is not among its enabled formats.
        throw new ToolError("The search endpoint refused the JSON format; its operator must add `json` to `search.formats` in SearXNG's settings.yml.");
    }
    if (status < 200 || status > 299) throw new ToolError(`The search endpoint answered HTTP ${status}.`);
    let json: unknown;
    try {
        json = JSON.parse(body);
    } catch {
        throw new ToolError("The search endpoint did not answer with JSON; is gptOss.browser.searchEndpoint a SearXNG instance?");
    }
    const parsed = SearxngAnswer.safeParse(json);
    if (!parsed.success) throw new ToolError("The search endpoint's answer has no result list in SearXNG's format.");
    const seen = new Set<string>();
    const results: SearchResult[] = [];
    for (const result of parsed.data.results) {
        // Engines often return the same page; one entry per URL keeps the numbers meaningful.
        if (seen.has(result.url) || !/^https?:\/\//i.test(result.url)) continue;
        seen.add(result.url);
        results.push({ title: oneLine(result.title ?? "") || result.url, url: result.url, snippet: clip(oneLine(result.content ?? ""), MAX_SNIPPET_CHARS) });
        if (results.length === topn) break;
    }
    return results;
}

export function formatSearchResults(query: string, results: readonly SearchResult[]): string {
    if (results.length === 0) return `No results for "${query}". Try other words.`;
    const entries = results.map((result, index) => {
        const snippet = result.snippet === "" ? "" : `\n    ${result.snippet}`;
        return `[${index + 1}] ${result.title}\n    ${result.url}${snippet}`;
    });
    return `Results for "${query}" (open one with browser_open {"id": "<number>"}):\n\n${entries.join("\n\n")}`;
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
