// browser_open: shows a page as numbered lines, one budget-sized part at a time. The first open
// of a URL downloads it (with approval unless its host is allowed); asking for another part, or
// for the same URL again, reads the copy kept in the session.
import { z } from "zod";
import { defineTool, ToolError, type AgentTool } from "../../tool.ts";
import { renderPageWindow } from "./page.ts";
import { normalizeUrl, type BrowserSession } from "./session.ts";

export function browserOpenTool(session: BrowserSession, maxPageTokens: number): AgentTool {
    return defineTool({
        name: "browser_open",
        description: "Open a web page and read it as numbered lines (cite them as L12). Long pages come in parts: the answer says which loc shows the next part.",
        args: z.object({
            id: z.string().min(1).describe("A URL, or the number of a result of the last browser_search"),
            loc: z.number().int().min(0).optional().describe("First line to show (default 0, the start)"),
        }),
        describe: ({ id }) => `opening ${/^\s*\d+\s*$/.test(id) ? `search result ${id.trim()}` : id}`,
        async run({ id, loc }, context) {
            const target = resolveTarget(session, id);
            const page = session.page(target.url.href) ?? await session.open(target.url, target.reason, context);
            return renderPageWindow(page, loc ?? 0, maxPageTokens);
        },
    });
}

function resolveTarget(session: BrowserSession, id: string): { url: URL; reason: string } {
    const text = id.trim();
    if (/^\d+$/.test(text)) {
        const number = Number(text);
        const result = session.results[number - 1];
        if (result === undefined) {
            const have = session.results.length === 0 ? "there are no search results yet" : `the last search has results 1–${session.results.length}`;
            throw new ToolError(`There is no search result ${number}: ${have}.`);
        }
        return { url: new URL(result.url), reason: `open search result ${number}, "${result.title}"` };
    }
    // Models often drop the scheme ("example.com/docs"); https is the safe guess.
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
    let url: URL;
    try {
        url = new URL(normalizeUrl(withScheme));
    } catch {
        throw new ToolError(`"${text.slice(0, 200)}" is neither a URL nor a search result number.`);
    }
    return { url, reason: "open a page the model asked for" };
}
