// Model output → safe HTML. markdown-it runs with raw HTML off (any tag the model writes is shown
// as text), link targets are limited to http(s) and in-page anchors, and DOMPurify then removes
// whatever could still run, load or style: scripts, handlers, iframes, forms, images, style.
// Markdown images become links (below), so an answer can never make the view load anything.
import MarkdownIt from "markdown-it";
import DOMPurify from "dompurify";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import python from "highlight.js/lib/languages/python";
import json from "highlight.js/lib/languages/json";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import xml from "highlight.js/lib/languages/xml";
import rust from "highlight.js/lib/languages/rust";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import cpp from "highlight.js/lib/languages/cpp";
import yaml from "highlight.js/lib/languages/yaml";
import diff from "highlight.js/lib/languages/diff";

for (const [name, language] of Object.entries({ typescript, javascript, python, json, bash, css, xml, rust, go, java, cpp, yaml, diff })) {
    hljs.registerLanguage(name, language);
}
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["js", "jsx", "mjs", "cjs"], { languageName: "javascript" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["sh", "shell", "zsh"], { languageName: "bash" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });

/** The language name of a fence's info string (`ts src/a.ts` → `ts`). */
export function fenceLanguage(info: string): string {
    return info.trim().split(/[\s:]/)[0] ?? "";
}

const SAFE_LINK = /^(https?:\/\/|#)/i;

const md = new MarkdownIt({
    html: false,
    linkify: false,
    typographer: false,
    highlight(code, info) {
        const language = fenceLanguage(info);
        if (language && hljs.getLanguage(language)) {
            return hljs.highlight(code, { language, ignoreIllegals: true }).value;
        }
        return ""; // markdown-it escapes it itself
    },
});
md.validateLink = (url) => SAFE_LINK.test(url.trim());

// Keep the whole info string (`ts src/a.ts`) on the block, so Apply can name its target file.
const defaultFence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    if (token.info.trim()) token.attrSet("data-info", token.info.trim());
    return defaultFence(tokens, index, options, env, self);
};

// An image is never loaded (nothing leaves the view on its own): it becomes its alt text as a
// link to its address, with the address written out, so the user decides whether to open it.
md.renderer.rules.image = (tokens, index) => {
    const token = tokens[index]!;
    const src = String(token.attrGet("src") ?? "");
    const alt = token.children?.map((child) => child.content).join("") || "image";
    const escape = md.utils.escapeHtml;
    return `<a class="image-link" href="${escape(src)}" title="${escape(src)}">${escape(alt)}</a> <span class="image-address">(${escape(src)})</span>`;
};

const PURIFY_CONFIG = {
    FORBID_TAGS: ["style", "script", "iframe", "frame", "object", "embed", "form", "input", "button", "img", "svg", "math", "link", "meta", "base", "video", "audio", "source"],
    FORBID_ATTR: ["style", "srcset", "action", "formaction", "background"],
    ALLOWED_URI_REGEXP: SAFE_LINK,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ["data-info"],
    // Not a URL: without this DOMPurify would judge its value against ALLOWED_URI_REGEXP.
    ADD_URI_SAFE_ATTR: ["data-info"],
};

export function renderMarkdown(text: string): string {
    return DOMPurify.sanitize(md.render(text), PURIFY_CONFIG) as unknown as string;
}
