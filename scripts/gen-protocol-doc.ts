// Generates docs/protocol.md from the zod definitions in protocol/: every JSON-RPC method between
// the extension and the language server (direction, params, result) and every message between
// the chat webview and the extension. `npm run docs:protocol` rewrites the file;
// test/unit/protocol-doc.test.ts fails when the file in the tree is not what this produces.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { Direction } from "../protocol/define.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
export const PROTOCOL_DOC = path.join(ROOT, "docs", "protocol.md");
/** Files that hold no messages of their own (the barrel, the helpers, the typed client). */
const NOT_MESSAGES = new Set(["index.ts", "define.ts", "client.ts"]);

export interface Method {
    file: string;
    exportName: string;
    kind: "request" | "notification";
    method: string;
    direction: Direction;
    params: z.ZodType;
    result: z.ZodType | null;
}

function isDefinition(value: unknown): value is Omit<Method, "file" | "exportName"> {
    const candidate = value as Partial<Method> | null;
    return typeof candidate === "object" && candidate !== null && (candidate.kind === "request" || candidate.kind === "notification") && typeof candidate.method === "string";
}

/** Every method, attributed to the file whose source declares its name, in file then source order. */
export async function protocolMethods(): Promise<Method[]> {
    const files = readdirSync(path.join(ROOT, "protocol")).filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !NOT_MESSAGES.has(name)).sort();
    const methods: Method[] = [];
    for (const name of files) {
        const file = `protocol/${name}`;
        const source = readFileSync(path.join(ROOT, file), "utf8");
        const module = await import(pathToFileURL(path.join(ROOT, file)).href) as Record<string, unknown>;
        const found = Object.entries(module)
            .filter(([, value]) => isDefinition(value) && source.includes(`"${(value as Method).method}"`))
            .map(([exportName, value]) => {
                const definition = value as Method;
                return { file, exportName, kind: definition.kind, method: definition.method, direction: definition.direction, params: definition.params, result: definition.kind === "request" ? definition.result : null };
            })
            .sort((a, b) => source.indexOf(`"${a.method}"`) - source.indexOf(`"${b.method}"`));
        methods.push(...found);
    }
    return methods;
}

type Schema = {
    type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; prefixItems?: Schema[];
    additionalProperties?: Schema | boolean; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; enum?: unknown[]; const?: unknown;
    $ref?: string; $defs?: Record<string, Schema>; default?: unknown; description?: string;
    minLength?: number; maxLength?: number; minimum?: number; maximum?: number; minItems?: number; maxItems?: number; pattern?: string;
};

const SAFE_INTEGER = 9007199254740991;

/** A TypeScript-like rendering of a JSON schema, easier to read than the schema itself. */
function render(schema: Schema, indent: string): string {
    if (schema.$ref !== undefined) return schema.$ref === "#" ? "(this same shape)" : schema.$ref.replace("#/$defs/", "");
    const union = schema.anyOf ?? schema.oneOf;
    if (union !== undefined) return union.map((part) => render(part, indent)).join(" | ");
    if (schema.allOf !== undefined) return schema.allOf.map((part) => render(part, indent)).join(" & ");
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    if (Array.isArray(schema.type)) return schema.type.map((type) => render({ ...schema, type }, indent)).join(" | ");
    switch (schema.type) {
        case "object": return renderObject(schema, indent);
        case "array": {
            if (schema.prefixItems !== undefined) return `[${schema.prefixItems.map((item) => render(item, indent)).join(", ")}]`;
            const item = render(schema.items ?? {}, indent);
            return /[|&]/.test(item) && !item.startsWith("{") ? `Array<${item}>` : `${item}[]`;
        }
        case "integer": return "integer";
        case "string": case "number": case "boolean": case "null": return schema.type;
        default: return "unknown";
    }
}

function renderObject(schema: Schema, indent: string): string {
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length === 0) {
        if (typeof schema.additionalProperties === "object") return `Record<string, ${render(schema.additionalProperties, indent)}>`;
        return "{}";
    }
    const inner = `${indent}    `;
    const required = new Set(schema.required ?? []);
    const lines = properties.map(([name, property]) => {
        const notes = [constraints(property), property.default !== undefined ? `default ${JSON.stringify(property.default)}` : ""].filter((note) => note !== "");
        const comment = property.description ? `${inner}/** ${property.description} */\n` : "";
        const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
        return `${comment}${inner}${key}${required.has(name) ? "" : "?"}: ${render(property, inner)};${notes.length > 0 ? ` // ${notes.join(", ")}` : ""}`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
}

/** Length and range limits worth knowing when writing a message by hand. */
function constraints(schema: Schema): string {
    const parts: string[] = [];
    const range = (low: number | undefined, high: number | undefined, unit: string) => {
        const lowSet = low !== undefined && low > -SAFE_INTEGER;
        const highSet = high !== undefined && high < SAFE_INTEGER;
        if (lowSet && highSet) parts.push(`${low}–${high}${unit}`);
        else if (lowSet) parts.push(`≥ ${low}${unit}`);
        else if (highSet) parts.push(`≤ ${high}${unit}`);
    };
    range(schema.minLength, schema.maxLength, " chars");
    range(schema.minimum, schema.maximum, "");
    range(schema.minItems, schema.maxItems, " items");
    return parts.join(", ");
}

function typeBlock(schema: z.ZodType): string {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", cycles: "ref", reused: "inline" }) as Schema;
    const defs = Object.entries(json.$defs ?? {}).map(([name, def]) => `\ntype ${name} = ${render(def, "")};`).join("");
    return "```ts\n" + render(json, "") + defs + "\n```";
}

const SENDER: Record<Direction, string> = { "client-to-server": "extension → server", "server-to-client": "server → extension" };

function methodSection(method: Method): string {
    const lines = [
        `### \`${method.method}\``,
        "",
        `${method.kind === "request" ? "Request" : "Notification"}, ${SENDER[method.direction]}. Defined as \`${method.exportName}\` in [${method.file}](../${method.file}).`,
        "",
        method.kind === "request" ? "Params:" : "Params (the notification's payload):",
        "",
        typeBlock(method.params),
    ];
    if (method.result !== null) lines.push("", "Result:", "", typeBlock(method.result));
    return lines.join("\n");
}

interface WebviewMessage { direction: string; type: string; schema: z.ZodType }

async function webviewMessages(): Promise<WebviewMessage[]> {
    const module = await import(pathToFileURL(path.join(ROOT, "protocol/webview.ts")).href) as Record<string, unknown>;
    const messages: WebviewMessage[] = [];
    for (const [exportName, direction] of [["ToExtension", "webview → extension"], ["ToWebview", "extension → webview"]] as const) {
        const union = module[exportName] as z.ZodDiscriminatedUnion<z.ZodObject[]>;
        for (const option of union.options) {
            const type = (option.shape.type as z.ZodLiteral<string>).value;
            messages.push({ direction, type, schema: option });
        }
    }
    return messages;
}

export async function protocolDoc(): Promise<string> {
    const methods = await protocolMethods();
    const byFile = new Map<string, Method[]>();
    for (const method of methods) byFile.set(method.file, [...(byFile.get(method.file) ?? []), method]);
    const index = methods.map((method) => `| [\`${method.method}\`](#${anchor(method.method)}) | ${method.kind} | ${SENDER[method.direction]} |`);
    const sections = [...byFile].map(([file, list]) => `## ${file}\n\n${list.map(methodSection).join("\n\n")}`);
    const webview = (await webviewMessages()).map((message) => `### \`${message.type}\`\n\n${message.direction}.\n\n${typeBlock(message.schema)}`);
    return [
        "<!-- Generated by scripts/gen-protocol-doc.ts from protocol/*.ts: do not edit by hand, run `npm run docs:protocol`. -->",
        "# Protocol reference",
        "",
        "Everything that crosses a process boundary is declared once in `protocol/` as zod schemas; each side",
        "parses what it receives with them. The extension and the language server speak JSON-RPC (LSP's",
        "transport, over IPC); method names follow `gptoss/<area>/<name>`. A request the caller cancels gets",
        "LSP's `RequestCancelled` (-32800); an error the engine raises on purpose has code -32001 with",
        "`data.code` naming it, a refused sandbox run -32002 with the refusal in `data` (server/rpc.ts).",
        "Shapes below are what the sender writes: a field marked `?` may be left out, and one with a default",
        "gets it when absent.",
        "",
        "| Method | Kind | Direction |",
        "| --- | --- | --- |",
        ...index,
        "",
        ...sections.flatMap((section) => [section, ""]),
        "## protocol/webview.ts: chat webview messages",
        "",
        "The chat page and the extension exchange `postMessage` objects, told apart by `type`; both sides",
        "parse them with `ToExtension` and `ToWebview`.",
        "",
        ...webview.flatMap((section) => [section, ""]),
    ].join("\n");
}

/** GitHub's heading anchor for a `code` heading. */
function anchor(method: string): string {
    return method.toLowerCase().replace(/[^a-z0-9 -]/g, "");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    mkdirSync(path.dirname(PROTOCOL_DOC), { recursive: true });
    writeFileSync(PROTOCOL_DOC, await protocolDoc());
    console.log(`wrote ${path.relative(ROOT, PROTOCOL_DOC)}`);
}
