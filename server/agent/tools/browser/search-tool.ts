// browser_search: a web search through the configured SearXNG endpoint. The results are kept in
// the session so browser_open can take a result's number instead of retyping its URL.
import { z } from "zod";
import { defineTool, type AgentTool } from "../../tool.ts";
import { refuseBinaryMediaType } from "./page-content.ts";
import { formatSearchResults, parseSearchAnswer, searchRequestUrl } from "./search.ts";
import type { BrowserSession } from "./session.ts";

const DEFAULT_RESULTS = 10;

export function browserSearchTool(session: BrowserSession, endpoint: string): AgentTool {
    return defineTool({
        name: "browser_search",
        description: "Search the web. Returns numbered results (title, URL, snippet); open one with browser_open and its number.",
        args: z.object({
            query: z.string().min(1).describe("What to search for"),
            topn: z.number().int().min(1).max(20).optional().describe(`How many results (default ${DEFAULT_RESULTS})`),
        }),
        describe: ({ query }) => `searching the web for "${query}"`,
        async run({ query, topn }, context) {
            const url = searchRequestUrl(endpoint, query);
            const resource = await session.fetch(url, `web search for "${query}"`, context, refuseBinaryMediaType);
            const body = new TextDecoder().decode(resource.body);
            const results = parseSearchAnswer(resource.status, resource.mediaType, body, topn ?? DEFAULT_RESULTS);
            session.rememberResults(results);
            return formatSearchResults(query, results);
        },
    });
}
