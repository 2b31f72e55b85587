// The browser tools in-process against real HTTP servers on loopback addresses: a SearXNG-shaped
// search endpoint and pages on 127.0.0.1, other "sites" on 127.0.0.2 and 127.0.0.3 (distinct
// hosts to the allow-list and the approval logic). Each tool is called the way the agent loop
// calls it: arguments checked by the tool's zod schema, a ToolError read as text for the model.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { browserTools, type BrowserToolOptions } from "../../server/agent/tools/browser/index.ts";
import { ToolError, type AgentTool, type ToolContext } from "../../server/agent/tool.ts";

const HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"] as const;
type Host = (typeof HOSTS)[number];
const servers = new Map<Host, { server: Server; origin: string }>();
/** Every request the servers saw, as "host path". */
const hits: string[] = [];
/** Resolves when a request for the path arrives (for cancelling mid-request). */
const arrivals = new Map<string, () => void>();
/** Whether the huge page was written to the end (false: the client stopped the download). */
let hugeFinished: boolean | null = null;

const origin = (host: Host) => servers.get(host)!.origin;
const SEARCH = () => `${origin("127.0.0.1")}/search`;

const NAV_MARKER = "Subscribe to our newsletter";
const SCRIPT_MARKER = "window.__trackingPixel";
const STYLE_MARKER = "hotpink";

function articlePage(): string {
    const paragraphs = [
        "The release brings a faster incremental compiler: rebuilding a crate after a one-line change now takes a third of the time it did.",
        "LLD is now the default linker on x86_64-unknown-linux-gnu, which cuts link times for large binaries by half in our measurements.",
        "Cargo can publish every crate of a workspace in dependency order with a single command, and checks them all before the first upload.",
        "Several APIs were stabilized, among them the new iterator adaptors and const versions of common integer operations.",
    ];
    return `<!doctype html><html><head><title>Announcing Rust 1.90</title>
<style>body { color: ${STYLE_MARKER}; } nav a { margin: 0 1em; }</style>
<script>${SCRIPT_MARKER} = { id: 42 }; document.cookie = "track=1";</script></head>
<body><header><nav><a href="/">Home</a> <a href="/blog">Blog</a> <a href="/newsletter">${NAV_MARKER}</a></nav></header>
<main><article><h1>Announcing Rust 1.90</h1><p class="byline">By the release team</p>
${paragraphs.map((text) => `<p>${text}</p>`).join("\n")}
<p>Read the <a href="/notes/1.90.html">detailed release notes</a> for everything else.</p>
<pre><code>rustup update stable</code></pre>
<script>console.log("${SCRIPT_MARKER} again")</script>
</article></main>
<footer><p>© 2025 The Release Team · <a href="/privacy">Privacy</a></p></footer></body></html>`;
}

const LONG_PARAGRAPHS = 300;
function longPage(): string {
    const body = Array.from({ length: LONG_PARAGRAPHS }, (_, index) =>
        `<p>Paragraph ${index + 1}: this is the text of paragraph number ${index + 1} in a long reference page about configuration.</p>`).join("\n");
    return `<!doctype html><html><head><title>Long reference</title></head><body><article><h1>Long reference</h1>${body}</article></body></html>`;
}

function searchAnswer(query: string, format: string | null): { status: number; type: string; body: string } {
    if (format !== "json") return { status: 403, type: "text/html", body: "<h1>403 Forbidden</h1>" };
    if (query === "nothing at all") return { status: 200, type: "application/json", body: JSON.stringify({ query, results: [] }) };
    const results = [
        { url: `${origin("127.0.0.2")}/article.html`, title: "Announcing Rust 1.90", content: "The release brings a faster\n incremental compiler.", engine: "duckduckgo" },
        { url: `${origin("127.0.0.2")}/article.html`, title: "Announcing Rust 1.90 (duplicate)", content: "same page from another engine", engine: "bing" },
        { url: `${origin("127.0.0.3")}/long.html`, title: "Long reference", content: "x".repeat(1000), engine: "bing" },
        { url: `${origin("127.0.0.2")}/plain.txt`, title: "Plain notes", content: null, engine: "brave" },
        { url: "javascript:alert(1)", title: "Not a web page", content: "dropped", engine: "evil" },
    ];
    return { status: 200, type: "application/json", body: JSON.stringify({ query, number_of_results: results.length, results, suggestions: [] }) };
}

function handle(host: Host, request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", origin(host));
    hits.push(`${host} ${url.pathname}`);
    arrivals.get(url.pathname)?.();
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": type, ...headers });
        response.end(body);
    };
    switch (url.pathname) {
        case "/search": {
            const answer = searchAnswer(url.searchParams.get("q") ?? "", url.searchParams.get("format"));
            return send(answer.status, answer.type, answer.body);
        }
        case "/article.html": return send(200, "text/html; charset=utf-8", articlePage());
        case "/long.html": return send(200, "text/html", longPage());
        case "/plain.txt": return send(200, "text/plain; charset=utf-8", "first line of the notes\nsecond line: ünïcödé survives\n");
        case "/latin1.html": return send(200, "text/html", Buffer.from(`<html><head><meta charset="iso-8859-1"><title>Menu</title></head><body><p>Caf\u00e9 cr\u00e8me, 3 \u00a4</p></body></html>`, "latin1"));
        case "/data.json": return send(200, "application/json", JSON.stringify({ name: "gpt-oss", layers: 24 }, null, 2));
        case "/missing": return send(404, "text/html", "<html><head><title>Not here</title></head><body><p>No such page.</p></body></html>");
        case "/image.png": return send(200, "image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
        case "/untyped": {
            response.writeHead(200);
            return void response.end(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
        }
        case "/redirect": return send(302, "text/html", "", { location: url.searchParams.get("to")! });
        case "/loop": return send(302, "text/html", "", { location: "/loop" });
        case "/huge.html": {
            // 32 MB with no Content-Length: only counting the stream can catch it. Far more than
            // the socket buffers hold, so the writing can only finish if the client reads it all.
            hugeFinished = false;
            response.writeHead(200, { "content-type": "text/html" });
            const chunk = Buffer.from(`<p>${"filler text ".repeat(5_000)}</p>\n`);
            let written = 0;
            const pump = (): void => {
                while (written < 32 * 1024 * 1024) {
                    written += chunk.length;
                    if (!response.write(chunk)) return void response.once("drain", pump);
                }
                response.end(() => { hugeFinished = true; });
            };
            response.on("close", () => response.destroy());
            return pump();
        }
        case "/huge-declared": {
            response.writeHead(200, { "content-type": "text/html", "content-length": String(50 * 1024 * 1024) });
            return void response.write("<p>start</p>");
        }
        case "/slow.html": {
            // Headers, a little of the body, then nothing: the client must give up by itself.
            response.writeHead(200, { "content-type": "text/html" });
            response.write("<html><body><p>Loading");
            const timer = setTimeout(() => response.end("</p></body></html>"), 30_000);
            response.on("close", () => clearTimeout(timer));
            return;
        }
        default: return send(404, "text/plain", "not found");
    }
}

before(async () => {
    for (const host of HOSTS) {
        const server = createServer((request, response) => handle(host, request, response));
        server.listen(0, host);
        await once(server, "listening");
        servers.set(host, { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` });
    }
});

after(async () => {
    for (const { server } of servers.values()) {
        server.closeAllConnections();
        server.close();
    }
});

interface Harness {
    tools: AgentTool[];
    approvals: { url: string; reason: string }[];
    call(name: string, args: Record<string, unknown>, context?: Partial<ToolContext>): Promise<string>;
}

function harness(options: Partial<BrowserToolOptions> & { answer?: (url: string) => boolean | Promise<boolean> } = {}): Harness {
    const approvals: { url: string; reason: string }[] = [];
    const { answer = () => true, ...rest } = options;
    const tools = browserTools({
        searchEndpoint: SEARCH(),
        allowedDomains: [],
        approveFetch: async (url, reason) => {
            approvals.push({ url, reason });
            return answer(url);
        },
        ...rest,
    });
    return {
        tools,
        approvals,
        async call(name, args, context = {}) {
            const tool = tools.find((candidate) => candidate.definition.name === name);
            assert.ok(tool, `no tool named ${name}`);
            return tool.run(tool.args.parse(args), { signal: new AbortController().signal, report: () => undefined, trusted: true, ...context });
        },
    };
}

/** What the model would read for a failed call: the ToolError's message (anything else is a bug). */
async function refusal(promise: Promise<string>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        assert.ok(error instanceof ToolError, `expected a ToolError, got ${String(error)}`);
        return error.message;
    }
    assert.fail("the call succeeded");
}

function hitsFor(host: Host): string[] {
    return hits.filter((hit) => hit.startsWith(`${host} `));
}

test("browser_search is offered only when a search endpoint is set", () => {
    const names = (tools: AgentTool[]) => tools.map((tool) => tool.definition.name);
    assert.deepEqual(names(harness().tools), ["browser_search", "browser_open", "browser_find"]);
    assert.deepEqual(names(harness({ searchEndpoint: "" }).tools), ["browser_open", "browser_find"]);
    assert.deepEqual(names(harness({ searchEndpoint: undefined }).tools), ["browser_open", "browser_find"]);
});

test("search asks SearXNG for JSON and numbers each distinct web result with title, URL and snippet", async () => {
    const browser = harness();
    const text = await browser.call("browser_search", { query: "rust release" });
    assert.match(text, /^Results for "rust release"/);
    assert.match(text, new RegExp(`\\[1\\] Announcing Rust 1\\.90\\n    ${origin("127.0.0.2")}/article\\.html\\n    The release brings a faster incremental compiler\\.`));
    assert.match(text, new RegExp(`\\[2\\] Long reference\\n    ${origin("127.0.0.3")}/long\\.html\\n    x+…`));
    assert.match(text, new RegExp(`\\[3\\] Plain notes\\n    ${origin("127.0.0.2")}/plain\\.txt`));
    assert.doesNotMatch(text, /duplicate|javascript:|\[4\]/, "duplicates and non-web links are dropped");
    const snippet = /\[2\] .*\n.*\n {4}(x+…)/.exec(text)![1]!;
    assert.ok(snippet.length <= 300, "long snippets are cut");
    assert.equal(browser.approvals.length, 0, "the search endpoint's own host needs no approval");

    const limited = await browser.call("browser_search", { query: "rust release", topn: 1 });
    assert.match(limited, /\[1\]/);
    assert.doesNotMatch(limited, /\[2\]/);
    assert.match(await browser.call("browser_search", { query: "nothing at all" }), /No results for "nothing at all"/);
});

test("an endpoint that refuses JSON gets a message saying how to enable it", async () => {
    const browser = harness({ searchEndpoint: `${origin("127.0.0.1")}/not-json` });
    assert.match(await refusal(browser.call("browser_search", { query: "x" })), /not answer with JSON|HTTP 404/);
    const html = harness({ searchEndpoint: `${origin("127.0.0.1")}/search?format=html` });
    // The tool sets format=json itself, so a preset format in the setting is overridden.
    assert.match(await html.call("browser_search", { query: "rust" }), /\[1\]/);
});

test("open turns an article page into readable text: headings and paragraphs, no scripts, styles or navigation", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    const text = await browser.call("browser_open", { id: `${origin("127.0.0.2")}/article.html` });
    assert.match(text, /^\[1\] Announcing Rust 1\.90\n/);
    assert.match(text, /Showing all \d+ lines\./);
    assert.match(text, /L\d+: LLD is now the default linker on x86_64-unknown-linux-gnu/);
    assert.match(text, /L\d+: rustup update stable/);
    assert.match(text, new RegExp(`detailed release notes \\[${origin("127.0.0.2")}/notes/1\\.90\\.html\\]`), "relative links become absolute URLs");
    for (const junk of [SCRIPT_MARKER, STYLE_MARKER, NAV_MARKER, "document.cookie", "Privacy"]) {
        assert.ok(!text.includes(junk), `"${junk}" must not reach the model`);
    }
    for (const line of text.split("\n").filter((line) => line.startsWith("L"))) {
        assert.ok(line.length < 220, `lines are short enough to cite: ${line}`);
    }
    assert.equal(browser.approvals.length, 0, "an allow-listed host is fetched without asking");
});

test("a long page comes in parts within the token budget; each part names the call for the next, and the page is downloaded once", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.3"], maxPageTokens: 400 });
    const url = `${origin("127.0.0.3")}/long.html`;
    const before = hitsFor("127.0.0.3").length;
    const seen: number[] = [];
    let args: Record<string, unknown> = { id: url };
    let parts = 0;
    for (;;) {
        const text = await browser.call("browser_open", args);
        parts++;
        const body = text.split("\n\n").slice(1).join("\n\n");
        assert.ok(body.length / 4 <= 400 + 3 * 40, `part ${parts} stays near the budget (${body.length} chars)`);
        for (const match of body.matchAll(/Paragraph (\d+):/g)) seen.push(Number(match[1]));
        const next = /Next part: browser_open (\{.*\})$/m.exec(text);
        if (next === null) {
            assert.match(text, /\(the end of the page\)/);
            break;
        }
        args = JSON.parse(next[1]!) as Record<string, unknown>;
        assert.equal(args.id, url);
        assert.ok(parts < 100, "parts must make progress");
    }
    assert.ok(parts >= 5, `a ${LONG_PARAGRAPHS}-paragraph page needs several parts of 400 tokens (got ${parts})`);
    assert.deepEqual(seen, Array.from({ length: LONG_PARAGRAPHS }, (_, index) => index + 1), "every paragraph exactly once, in order");
    assert.equal(hitsFor("127.0.0.3").length - before, 1, "later parts come from the session, not the network");
    assert.match(await refusal(browser.call("browser_open", { id: url, loc: 100_000 })), /has \d+ lines \(L0–L\d+\); there is nothing at line 100000/);
});

test("find returns the matching lines with their numbers and context; the line numbers agree with open", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.3"], maxPageTokens: 300 });
    assert.match(await refusal(browser.call("browser_find", { pattern: "anything" })), /No page is open yet/);
    const url = `${origin("127.0.0.3")}/long.html`;
    await browser.call("browser_open", { id: url });
    const found = await browser.call("browser_find", { pattern: "PARAGRAPH 250:" });
    assert.match(found, /1 line contain "PARAGRAPH 250:"/);
    const line = /^L(\d+): Paragraph 250: this is the text/m.exec(found);
    assert.ok(line, found);
    const lineNumber = Number(line[1]);
    assert.match(found, new RegExp(`^L${lineNumber - 1}: `, "m"), "a line of context before");
    assert.match(found, new RegExp(`^L${lineNumber + 1}: `, "m"), "a line of context after");
    const opened = await browser.call("browser_open", { id: url, loc: lineNumber });
    assert.match(opened, new RegExp(`^L${lineNumber}: Paragraph 250:`, "m"), "opening at the found line shows that line");

    const many = await browser.call("browser_find", { pattern: "paragraph number", url });
    assert.match(many, new RegExp(`${LONG_PARAGRAPHS} lines contain "paragraph number" \\(showing the first 20\\)`));
    assert.equal([...many.matchAll(/Paragraph \d+:/g)].length, 20);
    assert.match(await browser.call("browser_find", { pattern: "kubernetes", url: "" }), /No line contains "kubernetes"/);
    assert.match(await refusal(browser.call("browser_find", { pattern: "x", url: `${origin("127.0.0.2")}/other` })), /has not been opened/);
});

test("open takes a search result's number; approval is asked once per host, with the reason", async () => {
    const browser = harness();
    assert.match(await refusal(browser.call("browser_open", { id: "1" })), /no search results yet/);
    await browser.call("browser_search", { query: "rust release" });
    const article = await browser.call("browser_open", { id: "1" });
    assert.match(article, /Announcing Rust 1\.90/);
    await browser.call("browser_open", { id: "3" });
    assert.deepEqual(browser.approvals.map((approval) => new URL(approval.url).hostname), ["127.0.0.2"], "one question for two pages on one host");
    assert.match(browser.approvals[0]!.reason, /search result 1, "Announcing Rust 1\.90"/);
    await browser.call("browser_open", { id: "2" });
    assert.deepEqual(browser.approvals.map((approval) => new URL(approval.url).hostname), ["127.0.0.2", "127.0.0.3"]);
    assert.match(await refusal(browser.call("browser_open", { id: "9" })), /no search result 9: the last search has results 1–3/);
});

test("a refusal reaches the model as text, is final for that host, and nothing is fetched from it", async () => {
    const browser = harness({ answer: (url) => new URL(url).hostname !== "127.0.0.3" });
    const before = hitsFor("127.0.0.3").length;
    const message = await refusal(browser.call("browser_open", { id: `${origin("127.0.0.3")}/long.html` }));
    assert.match(message, /The user did not allow fetching from 127\.0\.0\.3\. Do not try that site again/);
    await refusal(browser.call("browser_open", { id: `${origin("127.0.0.3")}/article.html` }));
    assert.equal(browser.approvals.filter((approval) => approval.url.includes("127.0.0.3")).length, 1, "asked once, not again");
    assert.equal(hitsFor("127.0.0.3").length, before, "the refused host never saw a request");
    assert.match(await browser.call("browser_open", { id: `${origin("127.0.0.2")}/plain.txt` }), /first line of the notes/, "other hosts still work");
});

test("an approval callback that fails counts as a no", async () => {
    const browser = harness({ answer: () => { throw new Error("extension went away"); } });
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/article.html` })), /did not allow/);
});

test("a redirect to another host asks again, and a denied redirect target is never fetched", async () => {
    const target = `${origin("127.0.0.3")}/article.html`;
    const start = `${origin("127.0.0.2")}/redirect?to=${encodeURIComponent(target)}`;
    const denied = harness({ allowedDomains: ["127.0.0.2"], answer: () => false });
    const before = hitsFor("127.0.0.3").length;
    assert.match(await refusal(denied.call("browser_open", { id: start })), /did not allow fetching from 127\.0\.0\.3/);
    assert.equal(denied.approvals.length, 1);
    assert.equal(denied.approvals[0]!.url, target);
    assert.equal(denied.approvals[0]!.reason, `redirected from ${start}`);
    assert.equal(hitsFor("127.0.0.3").length, before);

    const allowed = harness({ allowedDomains: ["127.0.0.2"] });
    const text = await allowed.call("browser_open", { id: start });
    assert.match(text, new RegExp(`^\\[1\\] Announcing Rust 1\\.90\\n${target} \\(redirected from ${start.replace(/[?.]/g, "\\$&")}\\)`));
    assert.equal(allowed.approvals.length, 1);
    assert.equal(hitsFor("127.0.0.3").length, before + 1);
});

test("redirect loops, non-web schemes and credentials in URLs are refused with a reason", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/loop` })), /more than 5 redirects/);
    const toFile = `${origin("127.0.0.2")}/redirect?to=${encodeURIComponent("file:///etc/passwd")}`;
    assert.match(await refusal(browser.call("browser_open", { id: toFile })), /Only http and https addresses can be opened, not file:/);
    assert.match(await refusal(browser.call("browser_open", { id: "ftp://127.0.0.2/x" })), /Only http and https/);
    assert.match(await refusal(browser.call("browser_open", { id: `http://user:secret@127.0.0.2:1/` })), /user name or password/);
    assert.equal(browser.approvals.length, 0);
});

test("an untrusted workspace fetches nothing: search and open refuse without asking or connecting", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    const before = hits.length;
    assert.match(await refusal(browser.call("browser_search", { query: "rust" }, { trusted: false })), /untrusted workspace/);
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/article.html` }, { trusted: false })), /untrusted workspace/);
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.3")}/article.html` }, { trusted: false })), /untrusted workspace/);
    assert.equal(hits.length, before, "no request reached any server");
    assert.equal(browser.approvals.length, 0);
});

test("text that is not HTML is shown as it is; binary content is refused saying what it was", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    const plain = await browser.call("browser_open", { id: `${origin("127.0.0.2")}/plain.txt` });
    assert.match(plain, /L0: first line of the notes\nL1: second line: ünïcödé survives/);
    const latin1 = await browser.call("browser_open", { id: `${origin("127.0.0.2")}/latin1.html` });
    assert.match(latin1, /L0: Café crème, 3 ¤/, "an encoding named only in <meta charset> is honoured");
    const json = await browser.call("browser_open", { id: `${origin("127.0.0.2")}/data.json` });
    assert.match(json, /L1: {3}"name": "gpt-oss",/);
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/image.png` })), /is not a text page \(image\/png\); the browser only shows HTML and text/);
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/untyped` })), /is not a text page \(no declared type, 12 bytes\)/);
    const missing = await browser.call("browser_open", { id: `${origin("127.0.0.2")}/missing` });
    assert.match(missing, /^\[\d+\] Not here \(HTTP 404\)/, "an error page is shown, marked with its status");
});

test("a page over the size cap ends with a clear message and the download is stopped", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    hugeFinished = null;
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/huge.html` })), /is larger than 2 MB, the most the browser reads; stopped downloading it/);
    assert.equal(hugeFinished, false, "the server never got to write the whole page");
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/huge-declared` })), /larger than 2 MB/);
    const small = harness({ allowedDomains: ["127.0.0.2"], limits: { maxBytes: 1024 } });
    assert.match(await refusal(small.call("browser_open", { id: `${origin("127.0.0.2")}/long.html` })), /larger than 1 KB/);
});

test("a page that never finishes ends with a timeout message", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"], limits: { timeoutMs: 300 } });
    const started = Date.now();
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/slow.html` })), /127\.0\.0\.2:\d+ did not send the whole page within 300 ms; gave up waiting/);
    assert.ok(Date.now() - started < 5_000);
});

test("cancelling the task stops a download in progress and a pending approval question", async () => {
    const browser = harness({ allowedDomains: ["127.0.0.2"] });
    const controller = new AbortController();
    const arrived = new Promise<void>((resolve) => arrivals.set("/slow.html", resolve));
    const started = Date.now();
    const call = refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/slow.html` }, { signal: controller.signal }));
    await arrived;
    controller.abort();
    assert.match(await call, /^Fetching http:\/\/127\.0\.0\.2:\d+\/slow\.html was cancelled\.$/);
    assert.ok(Date.now() - started < 5_000, "the default 15 s timeout did not have to fire");
    arrivals.delete("/slow.html");

    // The user has not answered yet when the task is cancelled.
    const waiting = harness({ answer: () => new Promise<boolean>(() => undefined) });
    const second = new AbortController();
    const pending = refusal(waiting.call("browser_open", { id: `${origin("127.0.0.3")}/article.html` }, { signal: second.signal }));
    while (waiting.approvals.length === 0) await new Promise((resolve) => setImmediate(resolve));
    second.abort();
    assert.match(await pending, /was cancelled/);

    const already = new AbortController();
    already.abort();
    assert.match(await refusal(browser.call("browser_open", { id: `${origin("127.0.0.2")}/article.html` }, { signal: already.signal })), /was cancelled/);
});
