// How an opened page reads to the model: lines it can cite, parts that fit the budget and always
// move forward, find results with context, and pages that are not articles still made readable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findInPage, pageLines, renderPageWindow, type Page } from "../../server/agent/tools/browser/page.ts";
import { htmlToReadableText } from "../../server/agent/tools/browser/readable-text.ts";
import { ToolError } from "../../server/agent/tool.ts";

const page = (lines: string[]): Page => ({ cursor: 1, requestedUrl: "https://example.com/", url: "https://example.com/", title: "Example", lines });

test("runs of blank lines become one, trailing whitespace and outer blank lines go, over-long lines are split", () => {
    assert.deepEqual(pageLines("\n\nTitle  \n\n\n\nBody\ttext\r\nend\n\n\n"), ["Title", "", "Body    text", "end"]);
    const long = pageLines("x".repeat(450));
    assert.deepEqual(long.map((line) => line.length), [200, 200, 50]);
});

test("a part never exceeds the budget, yet always shows at least one line", () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index} `.padEnd(80, "."));
    const text = renderPageWindow(page(lines), 0, 100);
    const shown = text.split("\n").filter((line) => /^L\d+: /.test(line));
    // 80 chars ≈ 20 tokens + 3 for the prefix: four lines fit in 100, a fifth would not.
    assert.equal(shown.length, 4);
    assert.match(text, /Showing L0–L3 of 50 lines\. Next part: browser_open \{"id":"https:\/\/example\.com\/","loc":4\}/);
    const tiny = renderPageWindow(page(lines), 10, 1);
    assert.match(tiny, /Showing L10–L10 of 50 lines\. Next part: .*"loc":11/);
    assert.match(renderPageWindow(page(lines), 49, 1000), /Showing L49–L49 of 50 lines \(the end of the page\)/);
    assert.match(renderPageWindow(page(lines.slice(0, 3)), 0, 1000), /Showing all 3 lines\./);
    assert.throws(() => renderPageWindow(page(lines), 50, 1000), (error) => error instanceof ToolError && /has 50 lines \(L0–L49\)/.test(error.message));
});

test("find merges overlapping context so no line is shown twice", () => {
    const text = findInPage(page(["a", "match one", "match two", "b", "c", "d", "match three", "e"]), "MATCH").text;
    assert.match(text, /3 lines contain "MATCH"/);
    const body = text.split("\n\n")[1]!;
    assert.equal(body, "L0: a\nL1: match one\nL2: match two\nL3: b\n…\nL5: d\nL6: match three\nL7: e");
});

test("a page that is not an article (a link list) is still converted, without its scripts and navigation", () => {
    const html = `<html><head><title>Package index</title><script>trackVisit()</script></head><body>
        <nav><a href="/login">Sign in</a></nav>
        <ul><li><a href="/pkg/left-pad">left-pad</a></li><li><a href="https://cdn.example.org/zod">zod</a></li></ul>
        <footer>Cookie settings</footer></body></html>`;
    const readable = htmlToReadableText(html, new URL("https://registry.example.com/browse/"));
    assert.equal(readable.title, "Package index");
    assert.match(readable.text, /left-pad \[https:\/\/registry\.example\.com\/pkg\/left-pad\]/);
    assert.match(readable.text, /zod \[https:\/\/cdn\.example\.org\/zod\]/);
    for (const junk of ["trackVisit", "Sign in", "Cookie settings"]) assert.ok(!readable.text.includes(junk), junk);
});

test("links that are not web addresses stay plain text", () => {
    const readable = htmlToReadableText(`<body><p>Click <a href="javascript:steal()">here</a> or <a href="#top">top</a>.</p></body>`, new URL("https://a.example/"));
    assert.equal(readable.text.trim(), "Click here or top.");
});
