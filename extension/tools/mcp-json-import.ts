// Turns a workspace's .vscode/mcp.json (VS Code's own MCP configuration, JSON with comments) into
// entries of gptOss.tools.mcpServers. Secrets never reach the settings: an `${input:ID}` value
// (VS Code asks the user for it) becomes `${secret:SERVER.ID}` and is asked for once and kept in
// SecretStorage; a literal value under a key that names a credential (…TOKEN, …KEY, SECRET,
// PASSWORD, Authorization…) moves to SecretStorage the same way. Entries this client cannot run
// (SSE, envFile) are reported by name, with why, and the rest are imported.
// The ES module build: the UMD one that "main" names loads its parts with a require() esbuild cannot follow.
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser/lib/esm/main.js";
import { McpHttpServer, McpServerName, McpStdioServer, type McpServerConfig } from "../../protocol/index.ts";

/** A secret the import needs stored: its value is known (moved from the file) or asked for. */
export type SecretToStore =
    | { name: string; value: string }
    | { name: string; ask: { prompt: string; password: boolean } };

export interface McpJsonImport {
    servers: Record<string, McpServerConfig>;
    secrets: SecretToStore[];
    skipped: Array<{ name: string; reason: string }>;
}

const CREDENTIAL_KEY = /(token|secret|password|passwd|api[-_]?key|access[-_]?key|private[-_]?key|auth|credential|cookie)/i;

export class McpJsonError extends Error {}

export function importMcpJson(text: string): McpJsonImport {
    const errors: ParseError[] = [];
    const document = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
    if (errors.length > 0) throw new McpJsonError(`mcp.json is not valid JSON: ${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset}.`);
    if (document === null || typeof document !== "object" || Array.isArray(document)) throw new McpJsonError("mcp.json must hold an object with \"servers\".");
    const root = document as { servers?: unknown; inputs?: unknown };
    if (root.servers === undefined || root.servers === null || typeof root.servers !== "object" || Array.isArray(root.servers)) {
        throw new McpJsonError("mcp.json has no \"servers\" object.");
    }
    const inputs = new Map<string, { description: string; password: boolean }>();
    if (Array.isArray(root.inputs)) {
        for (const input of root.inputs as Array<Record<string, unknown>>) {
            if (typeof input?.id === "string") inputs.set(input.id, { description: typeof input.description === "string" ? input.description : input.id, password: input.password === true });
        }
    }

    const result: McpJsonImport = { servers: {}, secrets: [], skipped: [] };
    const asked = new Set<string>();
    for (const [name, entry] of Object.entries(root.servers as Record<string, unknown>)) {
        if (!McpServerName.safeParse(name).success) {
            result.skipped.push({ name, reason: "the name must be 1-40 letters, digits, '_', '.' or '-'" });
            continue;
        }
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            result.skipped.push({ name, reason: "not an object" });
            continue;
        }
        const record = entry as Record<string, unknown>;
        const type = record.type ?? ("url" in record ? "http" : "stdio");
        if (type === "sse") {
            result.skipped.push({ name, reason: "SSE servers are not supported (only stdio and streamable HTTP)" });
            continue;
        }
        if (record.envFile !== undefined) {
            result.skipped.push({ name, reason: "envFile is not supported: put the variables in env" });
            continue;
        }
        const secretFor = (key: string, value: string): string => {
            // ${input:ID} anywhere in the value: asked for once per server and id.
            const withInputs = value.replace(/\$\{input:([^}]+)\}/g, (_, id: string) => {
                const secretName = `${name}.${id}`;
                if (!asked.has(secretName)) {
                    asked.add(secretName);
                    const input = inputs.get(id);
                    result.secrets.push({ name: secretName, ask: { prompt: `${name}: ${input?.description ?? id}`, password: input?.password ?? true } });
                }
                return `\${secret:${secretName}}`;
            });
            if (withInputs !== value || !CREDENTIAL_KEY.test(key) || /^\$\{(secret|env):[^}]+\}$/.test(value)) return withInputs;
            const secretName = `${name}.${key}`;
            result.secrets.push({ name: secretName, value });
            return `\${secret:${secretName}}`;
        };
        const mapRecord = (value: unknown) => Object.fromEntries(Object.entries(isStringRecord(value) ? value : {}).map(([key, item]) => [key, secretFor(key, item)]));
        const candidate = type === "http"
            ? { type: "http", url: record.url, headers: mapRecord(record.headers) }
            : {
                command: record.command, args: record.args ?? [], env: mapRecord(record.env),
                ...(record.cwd === undefined ? {} : { cwd: record.cwd }),
            };
        if ((type === "http" && record.headers !== undefined && !isStringRecord(record.headers)) || (type !== "http" && record.env !== undefined && !isStringRecord(record.env))) {
            result.skipped.push({ name, reason: `${type === "http" ? "headers" : "env"} must map names to strings` });
            continue;
        }
        const parsed = (type === "http" ? McpHttpServer : McpStdioServer).safeParse(candidate);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            result.skipped.push({ name, reason: `${issue?.path.map(String).join(".") || "entry"}: ${issue?.message}` });
            continue;
        }
        result.servers[name] = parsed.data;
    }
    // Only the secrets of servers that were imported.
    result.secrets = result.secrets.filter((secret) => Object.keys(result.servers).some((name) => secret.name.startsWith(`${name}.`)));
    return result;
}

function isStringRecord(value: unknown): value is Record<string, string> {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((item) => typeof item === "string");
}
