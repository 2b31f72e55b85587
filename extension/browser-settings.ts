// The gptOss.browser.* settings as the server's browser tools take them, checked with the
// protocol's schema so a hand-edited settings.json with a wrong type fails here, in words.
import * as vscode from "vscode";
import { BrowserSettings } from "../protocol/index.ts";
import { checkedSettings, SECTION } from "./settings.ts";

export function readBrowserSettings(): BrowserSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return checkedSettings(BrowserSettings, {
        searchEndpoint: config.get("browser.searchEndpoint"),
        allowedDomains: config.get("browser.allowedDomains"),
        maxPageTokens: config.get("browser.maxPageTokens"),
    }, { keyPrefix: "browser." });
}
