// The chat view's HTML: a static skeleton, the bundle loaded by nonce, and a CSP that allows
// nothing else — no inline script, no inline style, no remote load, no frames. Kept free of
// `vscode` so the Chromium tests serve exactly this page.
import { randomBytes } from "node:crypto";

export interface ChatHtmlOptions {
    /** webview.cspSource: the origin the webview serves local resources from. */
    cspSource: string;
    scriptUri: string;
    styleUri: string;
    nonce?: string;
}

export function newNonce(): string {
    return randomBytes(18).toString("base64url");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `style-src ${cspSource}`,
        `font-src ${cspSource}`,
        `img-src ${cspSource}`,
        `script-src 'nonce-${nonce}'`,
        "frame-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    ].join("; ");
}

export function chatHtml(options: ChatHtmlOptions): string {
    const nonce = options.nonce ?? newNonce();
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${options.styleUri}">
<title>gpt-oss Chat</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Chat actions">
  <button type="button" id="new-chat" title="Start a new conversation">New chat</button>
  <button type="button" id="history" title="Reopen, rename or delete a saved conversation">History</button>
  <span class="spacer"></span>
  <button type="button" id="attach-selection" title="Attach the editor selection">+ Selection</button>
  <button type="button" id="attach-file" title="Attach the current file">+ File</button>
</header>
<main id="scroller">
  <div id="notice" class="notice" role="status" hidden></div>
  <section id="log" role="log" aria-label="Conversation" aria-live="polite"></section>
</main>
<footer class="composer">
  <div id="chips" class="chips" role="list" aria-label="Attached context" hidden></div>
  <label for="input" class="visually-hidden">Ask gpt-oss (Enter sends, Shift+Enter adds a line, @file @selection @problems attach context)</label>
  <div id="mentions" class="mentions"></div>
  <textarea id="input" rows="3" placeholder="Ask gpt-oss… (@file, @selection, @problems)" aria-controls="mentions" aria-autocomplete="list"></textarea>
  <div class="row">
    <label for="effort">Reasoning</label>
    <select id="effort" aria-label="Reasoning effort">
      <option value="low">low</option>
      <option value="medium">medium</option>
      <option value="high">high</option>
    </select>
    <span class="spacer"></span>
    <button type="button" id="send" class="primary" aria-label="Send the question">Send</button>
  </div>
</footer>
<script nonce="${nonce}" src="${options.scriptUri}"></script>
</body>
</html>`;
}
