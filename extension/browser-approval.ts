// The question before the agent fetches from a site that is not on the allow-list: the user sees
// the exact URL and why, and may allow this task to use the site, allow the site for good (it is
// added to gptOss.browser.allowedDomains in the user settings), or refuse. Closing the dialog is
// a refusal. When the task is cancelled the server withdraws the question (`token`); VS Code
// cannot close a modal, so the answer is then ignored: nothing is allowed and nothing is saved.
import * as vscode from "vscode";
import type { BrowserApproveFetchParams, BrowserApproveFetchResult } from "../protocol/index.ts";
import { SECTION } from "./settings.ts";

const ALLOW_ONCE = "Allow Once";
const ALLOW_DOMAIN = "Always Allow This Domain";
const DENY = "Deny";

export async function askToFetch(request: BrowserApproveFetchParams, token: vscode.CancellationToken): Promise<BrowserApproveFetchResult> {
    const withdrawn = token.onCancellationRequested(() => {
        void vscode.window.setStatusBarMessage(`gpt-oss: the task was cancelled; its request to open ${request.host} is void, whatever you answer.`, 10_000);
    });
    const choice = await Promise.resolve(vscode.window.showWarningMessage(
        `gpt-oss wants to open a web page on ${request.host}.`,
        {
            modal: true,
            detail: `${request.url}\n\nWhy: ${request.reason}\n\nWhat the page says goes to the model, and the address itself tells the site what the agent is looking at. "Allow Once" covers ${request.host} for the rest of this task only.`,
        },
        ALLOW_ONCE, ALLOW_DOMAIN, DENY,
    )).finally(() => withdrawn.dispose());
    if (token.isCancellationRequested) return { approved: false };
    if (choice === ALLOW_DOMAIN) {
        await rememberDomain(request.host);
        return { approved: true, remember: "domain" };
    }
    return { approved: choice === ALLOW_ONCE };
}

/** Adds the host to the user-level allow-list (the setting is application-scoped: a workspace cannot widen it). */
async function rememberDomain(host: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const current = config.get<unknown>("browser.allowedDomains");
    const list = Array.isArray(current) ? current.filter((entry): entry is string => typeof entry === "string") : [];
    if (list.some((entry) => entry.trim().toLowerCase() === host.toLowerCase())) return;
    await config.update("browser.allowedDomains", [...list, host], vscode.ConfigurationTarget.Global);
}
