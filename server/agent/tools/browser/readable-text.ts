// HTML to the text the model reads. Readability (Firefox's Reader View) finds the article and
// leaves navigation, scripts, styles, ads and footers behind; html-to-text then lays it out as
// plain text with headings, lists, tables and link targets, wrapped so every line is short
// enough to cite by number. Pages that are not articles (link lists, search pages, indexes) make
// Readability give up: then the whole body is converted, with the same clutter skipped.
import { Readability } from "@mozilla/readability";
import { convert, type HtmlToTextOptions, type SelectorDefinition } from "html-to-text";
import { parseHTML } from "linkedom";

export interface ReadableText {
    readonly title: string;
    readonly text: string;
}

/** Readability's default; below this it reports no article and the body is used instead. */
const MIN_ARTICLE_CHARS = 500;
export const WRAP_COLUMNS = 120;

/** Never text for a reader: code, styling, embedded media, forms and page chrome. */
const CLUTTER = ["script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "form", "button", "select", "nav", "header", "footer", "aside"];

export function htmlToReadableText(html: string, pageUrl: URL): ReadableText {
    const { document } = parseHTML(html);
    const fallbackTitle = document.querySelector("title")?.textContent?.trim() ?? "";
    // Readability changes the document it is given; the fallback needs the original.
    const article = new Readability(parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: MIN_ARTICLE_CHARS }).parse();
    const articleText = article?.content ? convert(article.content, options(pageUrl)) : "";
    if (article !== null && articleText.trim().length >= MIN_ARTICLE_CHARS) {
        return { title: article.title?.trim() || fallbackTitle, text: articleText };
    }
    const body = document.querySelector("body")?.innerHTML ?? html;
    return { title: fallbackTitle, text: convert(body, options(pageUrl)) };
}

function options(pageUrl: URL): HtmlToTextOptions {
    const selectors: SelectorDefinition[] = [
        ...CLUTTER.map((selector) => ({ selector, format: "skip" })),
        { selector: "img", format: "skip" },
        { selector: "a", options: { pathRewrite: (href: string) => absoluteLink(href, pageUrl), hideLinkHrefIfSameAsText: true, noAnchorUrl: true } },
        ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
        { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    ];
    return { wordwrap: WRAP_COLUMNS, selectors };
}

/** Links the model can open: absolute http(s) URLs; anything else (javascript:, data:) is left as plain text. */
function absoluteLink(href: string, pageUrl: URL): string {
    try {
        const url = new URL(href, pageUrl);
        return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
    } catch {
        return "";
    }
}
