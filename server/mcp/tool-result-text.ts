// What the model reads of an MCP tool result: its text parts, a line for each image, audio or
// resource it cannot see, structured content as JSON when there is no text, all capped with the
// sandbox's rule (the first three quarters and the last quarter of the budget, a marker between).
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { HeadTailBuffer } from "../sandbox/output-buffer.ts";

export function toolResultText(result: CallToolResult, maxBytes: number): string {
    const parts: string[] = [];
    for (const item of result.content ?? []) {
        switch (item.type) {
            case "text": parts.push(item.text); break;
            case "image": parts.push(`[image ${item.mimeType}, ${approxBytes(item.data)} bytes, not shown]`); break;
            case "audio": parts.push(`[audio ${item.mimeType}, ${approxBytes(item.data)} bytes, not shown]`); break;
            case "resource_link": parts.push(`[resource ${item.uri}${item.description ? `: ${item.description}` : ""}]`); break;
            case "resource": {
                const resource = item.resource;
                parts.push("text" in resource && typeof resource.text === "string" ? `[resource ${resource.uri}]\n${resource.text}` : `[resource ${resource.uri}, binary, not shown]`);
                break;
            }
            default: parts.push(`[${(item as { type: string }).type} content, not shown]`);
        }
    }
    if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
    return capText(parts.join("\n"), maxBytes);
}

/** A tool's text cut to `maxBytes` of UTF-8 by the sandbox's head-and-tail rule. */
export function capText(text: string, maxBytes: number): string {
    const buffer = new HeadTailBuffer(maxBytes);
    buffer.push(Buffer.from(text, "utf8"));
    const kept = buffer.text();
    return kept === "" ? "(the tool returned nothing)" : kept;
}

function approxBytes(base64: string): number {
    return Math.floor(base64.length * 3 / 4);
}
