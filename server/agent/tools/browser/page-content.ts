// What a fetched resource becomes for the model: HTML is made readable, other text (plain text,
// JSON, XML, source code) is shown as it is, and anything binary is refused with a message that
// says what it was, so the model does not try again or guess at its contents.
import { TextDecoder } from "node:util";
import { ToolError } from "../../tool.ts";
import { formatBytes, type FetchedResource } from "./fetch-resource.ts";
import { htmlToReadableText } from "./readable-text.ts";

export interface PageContent {
    readonly title: string;
    readonly text: string;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const TEXT_TYPES = new Set([
    "application/json", "application/ld+json", "application/xml", "application/javascript", "application/ecmascript",
    "application/x-javascript", "application/typescript", "application/x-sh", "application/toml", "application/yaml",
    "application/x-yaml", "application/sql", "application/graphql", "image/svg+xml",
]);

type Kind = "html" | "text" | "binary" | "unknown";

export function mediaTypeKind(mediaType: string): Kind {
    if (mediaType === "") return "unknown";
    if (HTML_TYPES.has(mediaType)) return "html";
    if (mediaType.startsWith("text/") || TEXT_TYPES.has(mediaType) || mediaType.endsWith("+json") || mediaType.endsWith("+xml")) return "text";
    return "binary";
}

/** Called on the headers, before any of the body is downloaded. */
export function refuseBinaryMediaType(mediaType: string, url: URL): void {
    if (mediaTypeKind(mediaType) === "binary") throw binaryRefusal(url, mediaType, null);
}

export function pageContent(resource: FetchedResource): PageContent {
    let kind = mediaTypeKind(resource.mediaType);
    if (kind === "unknown") kind = sniff(resource.body);
    if (kind === "binary") throw binaryRefusal(resource.url, resource.mediaType || "no declared type", resource.body.byteLength);
    const decoded = decode(resource.body, resource.charset ?? (kind === "html" ? metaCharset(resource.body) : undefined));
    if (kind === "html") return htmlToReadableText(decoded, resource.url);
    return { title: resource.url.pathname.split("/").filter(Boolean).pop() ?? resource.url.host, text: decoded };
}

/** Without a Content-Type: NUL bytes mean binary; markup at the start means HTML. */
function sniff(body: Uint8Array): Kind {
    const head = body.subarray(0, 1024);
    if (head.includes(0)) return "binary";
    const start = new TextDecoder().decode(head).trimStart().slice(0, 64).toLowerCase();
    return start.startsWith("<!doctype html") || start.startsWith("<html") ? "html" : "text";
}

/** Pages that name their encoding only in the markup (`<meta charset>`), as older sites do. */
function metaCharset(body: Uint8Array): string | undefined {
    const head = new TextDecoder("latin1").decode(body.subarray(0, 2048));
    return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

function decode(body: Uint8Array, charset: string | undefined): string {
    let decoder: TextDecoder;
    try {
        decoder = new TextDecoder(charset ?? "utf-8");
    } catch {
        // An unknown charset label: UTF-8 shows most pages correctly, and odd bytes become U+FFFD.
        decoder = new TextDecoder("utf-8");
    }
    return decoder.decode(body);
}

function binaryRefusal(url: URL, mediaType: string, bytes: number | null): ToolError {
    const size = bytes === null ? "" : `, ${formatBytes(bytes)}`;
    return new ToolError(`${url.href} is not a text page (${mediaType}${size}); the browser only shows HTML and text. Look for an HTML page about it instead.`);
}
