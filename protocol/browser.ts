// Messages of the web browsing tool (browser_search / browser_open / browser_find): the settings
// the extension hands the server for one task, and the question the server asks the user before
// fetching from a site that is not on the allow-list.
import { z } from "zod";
import { defineRequest } from "./define.ts";

/** The gptOss.browser.* settings as the server needs them to build the tools of one task. */
export const BrowserSettings = z.object({
    /** A SearXNG instance (its JSON API); empty: no browser_search tool. */
    searchEndpoint: z.string().default(""),
    /** Domains fetched without asking; each also covers its subdomains. */
    allowedDomains: z.array(z.string()).default([]),
    /** How much of a page one browser_open shows, in (estimated) tokens. */
    maxPageTokens: z.number().int().min(200).max(32_000).default(2_000),
});
export type BrowserSettings = z.infer<typeof BrowserSettings>;

export const BrowserApproveFetchParams = z.object({
    /** The exact URL about to be fetched. */
    url: z.string(),
    /** Its host, which "Allow domain" would add to the allow-list. */
    host: z.string(),
    /** Why the fetch happens, in words for the user ("open search result 2", "redirected from …"). */
    reason: z.string(),
});
export type BrowserApproveFetchParams = z.infer<typeof BrowserApproveFetchParams>;

export const BrowserApproveFetchResult = z.object({
    approved: z.boolean(),
    /** "domain": the user also added the host to gptOss.browser.allowedDomains. */
    remember: z.enum(["domain"]).optional(),
});
export type BrowserApproveFetchResult = z.infer<typeof BrowserApproveFetchResult>;

/** server → client: may the agent fetch this URL? Closing the dialog is a no. */
export const BrowserApproveFetchRequest = defineRequest("gptoss/browser/approveFetch", BrowserApproveFetchParams, BrowserApproveFetchResult, "server-to-client");
