// A harness page for the chat bundle in real Chromium: the exact HTML the extension serves
// (same CSP, nonce-loaded dist/webview.js, media/chat.css) from a local HTTP server, with
// acquireVsCodeApi provided by an init script that records every posted message. Messages from
// the "extension" are delivered with window.postMessage, as VS Code does.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import type { ToExtension, ToWebview } from "../../protocol/webview.ts";
import { chatHtml } from "../../extension/chat/webview-html.ts";
import { REPO_ROOT } from "../support/server-process.ts";
import { requestListener } from "../support/request-listener.ts";

export const SCREENSHOTS = path.join(REPO_ROOT, "test-results", "webview");

/** A few of VS Code's theme variables, enough to see the view follow a theme. */
export const THEMES = {
    dark: {
        "--vscode-foreground": "#cccccc", "--vscode-sideBar-background": "#181818", "--vscode-editor-background": "#1f1f1f",
        "--vscode-font-family": "system-ui, sans-serif", "--vscode-font-size": "13px", "--vscode-editor-font-family": "monospace", "--vscode-editor-font-size": "12px",
        "--vscode-button-background": "#0078d4", "--vscode-button-foreground": "#ffffff", "--vscode-button-hoverBackground": "#026ec1",
        "--vscode-button-secondaryBackground": "#313131", "--vscode-button-secondaryForeground": "#cccccc", "--vscode-button-secondaryHoverBackground": "#3c3c3c",
        "--vscode-input-background": "#313131", "--vscode-input-foreground": "#cccccc", "--vscode-input-border": "#3c3c3c",
        "--vscode-textCodeBlock-background": "#2b2b2b", "--vscode-textLink-foreground": "#4daafc", "--vscode-descriptionForeground": "#9d9d9d",
        "--vscode-panel-border": "#2b2b2b", "--vscode-errorForeground": "#f85149", "--vscode-badge-background": "#616161", "--vscode-badge-foreground": "#f8f8f8",
        "--vscode-dropdown-background": "#313131", "--vscode-dropdown-foreground": "#cccccc", "--vscode-dropdown-border": "#3c3c3c",
        "--vscode-focusBorder": "#0078d4", "--vscode-textBlockQuote-border": "#616161",
        "--vscode-symbolIcon-keywordForeground": "#569cd6", "--vscode-symbolIcon-stringForeground": "#ce9178", "--vscode-symbolIcon-numberForeground": "#b5cea8",
    },
    light: {
        "--vscode-foreground": "#3b3b3b", "--vscode-sideBar-background": "#f8f8f8", "--vscode-editor-background": "#ffffff",
        "--vscode-font-family": "system-ui, sans-serif", "--vscode-font-size": "13px", "--vscode-editor-font-family": "monospace", "--vscode-editor-font-size": "12px",
        "--vscode-button-background": "#005fb8", "--vscode-button-foreground": "#ffffff", "--vscode-button-hoverBackground": "#0258a8",
        "--vscode-button-secondaryBackground": "#e5e5e5", "--vscode-button-secondaryForeground": "#3b3b3b", "--vscode-button-secondaryHoverBackground": "#cccccc",
        "--vscode-input-background": "#ffffff", "--vscode-input-foreground": "#3b3b3b", "--vscode-input-border": "#cecece",
        "--vscode-textCodeBlock-background": "#f2f2f2", "--vscode-textLink-foreground": "#005fb8", "--vscode-descriptionForeground": "#717171",
        "--vscode-panel-border": "#e5e5e5", "--vscode-errorForeground": "#f85149", "--vscode-badge-background": "#cccccc", "--vscode-badge-foreground": "#3b3b3b",
        "--vscode-dropdown-background": "#ffffff", "--vscode-dropdown-foreground": "#3b3b3b", "--vscode-dropdown-border": "#cecece",
        "--vscode-focusBorder": "#005fb8", "--vscode-textBlockQuote-border": "#e5e5e5",
        "--vscode-symbolIcon-keywordForeground": "#0000ff", "--vscode-symbolIcon-stringForeground": "#a31515", "--vscode-symbolIcon-numberForeground": "#098658",
    },
} satisfies Record<string, Record<string, string>>;

export interface Harness {
    browser: Browser;
    origin: string;
    /** Requests the pages made to anywhere but the harness server. */
    foreignRequests: string[];
    open(theme?: keyof typeof THEMES): Promise<ChatPage>;
    close(): Promise<void>;
}

export interface ChatPage {
    page: Page;
    deliver(message: ToWebview): Promise<void>;
    posted(): Promise<ToExtension[]>;
    cspViolations(): Promise<string[]>;
    setTheme(theme: keyof typeof THEMES | Record<string, string>): Promise<void>;
    screenshot(name: string): Promise<void>;
}

const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".map": "application/json" };

function serve(): Promise<{ server: Server; origin: string }> {
    const server = createServer(requestListener(async (request, response) => {
        const url = new URL(request.url ?? "/", "http://localhost");
        if (url.pathname === "/") {
            const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
            response.writeHead(200, { "content-type": "text/html" });
            response.end(chatHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/chat.css` }));
            return;
        }
        const allowed = /^\/(dist|media)\/[\w.-]+$/.test(url.pathname);
        try {
            if (!allowed) throw new Error("not served");
            const body = await readFile(path.join(REPO_ROOT, url.pathname));
            response.writeHead(200, { "content-type": TYPES[path.extname(url.pathname)] ?? "application/octet-stream" });
            response.end(body);
        } catch {
            response.writeHead(404);
            response.end();
        }
    }));
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
        resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
    }));
}

const INIT = `
window.__posted = [];
window.__csp = [];
window.__state = undefined;
document.addEventListener("securitypolicyviolation", (event) => window.__csp.push(event.violatedDirective + " " + event.blockedURI + " " + event.sourceFile + ":" + event.lineNumber));
window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => window.__state,
    setState: (state) => { window.__state = state; },
});`;

export async function startHarness(): Promise<Harness> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { server, origin } = await serve();
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const foreignRequests: string[] = [];
    return {
        browser, origin, foreignRequests,
        async open(theme = "dark") {
            const page = await browser.newPage({ viewport: { width: 420, height: 640 } });
            page.on("request", (request) => {
                if (!request.url().startsWith(origin)) foreignRequests.push(request.url());
            });
            await page.addInitScript(INIT);
            await page.goto(origin);
            const chat: ChatPage = {
                page,
                // Resolves once the view has handled it: this listener is added after the view's own.
                deliver: (message) => page.evaluate((data) => new Promise<void>((resolve) => {
                    window.addEventListener("message", () => resolve(), { once: true });
                    window.postMessage(data, "*");
                }), message as unknown),
                posted: () => page.evaluate(() => (window as unknown as { __posted: ToExtension[] }).__posted),
                cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
                async setTheme(name) {
                    const variables = typeof name === "string" ? THEMES[name] : name;
                    // VS Code sets its theme variables the same way: on the html element's style.
                    await page.evaluate((vars) => {
                        for (const [key, value] of Object.entries(vars)) document.documentElement.style.setProperty(key, value);
                    }, variables);
                },
                async screenshot(name) {
                    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
                },
            };
            await chat.setTheme(theme);
            await page.waitForFunction(() => (window as unknown as { __posted: ToExtension[] }).__posted.some((message) => message.type === "ready"));
            return chat;
        },
        async close() {
            await browser.close();
            await new Promise((resolve) => server.close(resolve));
        },
    };
}

/** Waits a frame so the view's requestAnimationFrame rendering has run. */
export function nextFrame(page: Page): Promise<void> {
    return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
