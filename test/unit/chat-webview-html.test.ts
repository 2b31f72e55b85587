// The chat view's HTML, its CSP, the streaming split, and the webview message schemas.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { chatHtml, contentSecurityPolicy } from "../../extension/chat/webview-html.ts";
import { settledLength } from "../../webview/split-markdown.ts";
import { REFERENCE_PATTERN, ToExtension } from "../../protocol/webview.ts";

describe("chat view HTML", () => {
    test("scripts only by nonce, nothing remote, no inline style", () => {
        const csp = contentSecurityPolicy("https://x.vscode-cdn.net", "abc");
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /script-src 'nonce-abc'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/\*|\*/);
        const html = chatHtml({ cspSource: "https://x.vscode-cdn.net", scriptUri: "S", styleUri: "C", nonce: "abc" });
        assert.equal([...html.matchAll(/<script/g)].length, 1);
        assert.match(html, /<script nonce="abc" src="S"><\/script>/);
        assert.doesNotMatch(html, /style=|<style/);
    });

    test("each page gets its own nonce", () => {
        const nonce = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];
        const options = { cspSource: "c", scriptUri: "s", styleUri: "t" };
        assert.notEqual(nonce(chatHtml(options)), nonce(chatHtml(options)));
    });
});

describe("streaming split", () => {
    test("settles after blank lines outside fences only", () => {
        assert.equal(settledLength("partial"), 0);
        assert.equal(settledLength("para one\n\npara two"), "para one\n\n".length);
        const fenced = "```ts\nconst a = 1;\n\nconst b = 2;\n";
        assert.equal(settledLength(fenced), 0, "a blank line inside an open fence does not settle");
        assert.equal(settledLength(`${fenced}\`\`\`\n\nafter`), `${fenced}\`\`\`\n\n`.length);
        assert.equal(settledLength("~~~\n```\n\n~~~\n\nx"), "~~~\n```\n\n~~~\n\n".length, "a different fence marker does not close");
    });
});

describe("webview messages", () => {
    test("unknown or malformed messages from the view are rejected", () => {
        assert.equal(ToExtension.safeParse({ type: "send", text: "", effort: "low" }).success, false);
        assert.equal(ToExtension.safeParse({ type: "send", text: "hi", effort: "max" }).success, false);
        assert.equal(ToExtension.safeParse({ type: "runShell", command: "rm -rf /" }).success, false);
        assert.equal(ToExtension.safeParse({ type: "openReference", path: "a.ts", line: 0 }).success, false);
    });

    test("references: paths with extensions and a line", () => {
        const found = [..."see src/a.ts:12, ./b.py:3 and README.md:1 but not http://x.io:80 or v1.2:3x".matchAll(REFERENCE_PATTERN)].map((match) => match[0]);
        assert.deepEqual(found, ["src/a.ts:12", "./b.py:3", "README.md:1"]);
    });
});
