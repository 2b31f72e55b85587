// Stand-ins for VS Code's language-model part classes, with the same constructors and fields, so
// the mapping runs under plain node exactly as the provider runs it with VS Code's own classes.
import type { PartClasses, RequestMessage } from "../../extension/lm/message-mapping.ts";

export class TextPart { constructor(public value: string) {} }
export class ToolCallPart { constructor(public callId: string, public name: string, public input: object) {} }
export class ToolResultPart { constructor(public callId: string, public content: unknown[]) {} }
export class DataPart {
    constructor(public data: Uint8Array, public mimeType: string) {}
    static text(value: string, mime = "text/plain"): DataPart { return new DataPart(new TextEncoder().encode(value), mime); }
}
export class PromptTsxPart { constructor(public value: unknown) {} }

export const PARTS: PartClasses = { Text: TextPart, ToolCall: ToolCallPart, ToolResult: ToolResultPart, Data: DataPart, PromptTsx: PromptTsxPart };

export const user = (...content: unknown[]): RequestMessage => ({ role: 1, content, name: undefined });
export const assistant = (...content: unknown[]): RequestMessage => ({ role: 2, content, name: undefined });
export const system = (...content: unknown[]): RequestMessage => ({ role: 3, content, name: undefined });
