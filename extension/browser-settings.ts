// The gptOss.browser.* settings as the server's browser tools take them, checked with the
// protocol's schema so a hand-edited settings.json with a wrong type fails here, in words.
import * as vscode from "vscode";
import { BrowserSettings } from "../protocol/index.ts";
import { SECTION } from "./settings.ts";

export function readBrowserSettings(): BrowserSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const parsed = BrowserSettings.safeParse({
        searchEndpoint: config.get("browser.searchEndpoint"),
        allowedDomains: config.get("browser.allowedDomains"),
        maxPageTokens: config.get("browser.maxPageTokens"),
    });
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `browser.${issue.path.join(".")}: ${issue.message}`).join("; ");
        throw new Error(`Invalid gpt-oss settings (${problems}). Fix them in Settings › gpt-oss Assistant.`);
    }
    return parsed.data;
}
