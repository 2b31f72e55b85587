// browser_find: the lines of an opened page that contain a text, with context, so the model can
// jump to what it is looking for instead of reading a long page part by part.
import { z } from "zod";
import { defineTool, ToolError, type AgentTool } from "../../tool.ts";
import { findInPage } from "./page.ts";
import type { BrowserSession } from "./session.ts";

export function browserFindTool(session: BrowserSession): AgentTool {
    return defineTool({
        name: "browser_find",
        description: "Find a text (case-insensitive) in a page opened with browser_open; returns the matching lines with their numbers.",
        args: z.object({
            pattern: z.string().min(1).describe("The text to look for"),
            url: z.string().optional().describe("URL of an opened page (default: the page opened last)"),
        }),
        describe: ({ pattern }) => `finding "${pattern}" in the page`,
        async run({ pattern, url }) {
            // A grammar-constrained model fills every property, so an empty URL means "not given".
            const wanted = url?.trim() ? url.trim() : undefined;
            const page = session.page(wanted);
            if (page === undefined) {
                throw new ToolError(wanted === undefined
                    ? "No page is open yet; open one with browser_open first."
                    : `${wanted} has not been opened in this task; open it with browser_open first.`);
            }
            return findInPage(page, pattern).text;
        },
    });
}
