// The gptOss.tools.mcpServers setting, read and checked: the same entries as VS Code's mcp.json
// "servers" (stdio: command, args, env, cwd; HTTP: url, headers). A bad entry is reported by name
// and left out; the others still work. Values may name secrets (`${secret:NAME}`, kept in
// SecretStorage), the workspace folder (`${workspaceFolder}`) and the editor's environment
// (`${env:NAME}`); they are filled in only when a task is sent, never written back.
import { McpServerConfig, McpServerName } from "../../protocol/index.ts";

export interface McpServersReading {
    servers: Record<string, McpServerConfig>;
    errors: string[];
}

export function readMcpServers(raw: unknown): McpServersReading {
    const servers: Record<string, McpServerConfig> = {};
    const errors: string[] = [];
    if (raw === undefined || raw === null) return { servers, errors };
    if (typeof raw !== "object" || Array.isArray(raw)) return { servers, errors: ["gptOss.tools.mcpServers must be an object of servers by name."] };
    for (const [name, entry] of Object.entries(raw)) {
        const nameCheck = McpServerName.safeParse(name);
        if (!nameCheck.success) {
            errors.push(`MCP server "${name}": ${nameCheck.error.issues[0]?.message}.`);
            continue;
        }
        const parsed = McpServerConfig.safeParse(entry);
        if (!parsed.success) {
            errors.push(`MCP server "${name}": ${describeEntryError(entry)}`);
            continue;
        }
        servers[name] = parsed.data;
    }
    return { servers, errors };
}

function describeEntryError(entry: unknown): string {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return "must be an object with a command (stdio) or a url (HTTP).";
    const record = entry as Record<string, unknown>;
    if (record.type === "sse") return "the SSE transport is not supported; use the server's streamable HTTP URL with \"type\": \"http\".";
    if (record.type === "http" || "url" in record) {
        if (record.type !== "http") return "an HTTP server needs \"type\": \"http\".";
        const parsed = McpServerConfig.options[0].safeParse(entry);
        return parsed.success ? "is not valid." : `${issues(parsed.error.issues)}.`;
    }
    const parsed = McpServerConfig.options[1].safeParse(entry);
    return parsed.success ? "is not valid." : `${issues(parsed.error.issues)}.`;
}

function issues(list: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
    return list.slice(0, 3).map((issue) => `${issue.path.map(String).join(".") || "(entry)"}: ${issue.message}`).join("; ");
}

const REFERENCE = /\$\{(secret|env):([^}]+)\}|\$\{workspaceFolder\}/g;

export interface ResolveContext {
    workspaceFolder: string | undefined;
    env: Readonly<Record<string, string | undefined>>;
    secret(name: string): Promise<string | undefined>;
}

/** The servers with every reference filled in; a missing secret is an error naming it. */
export async function resolveMcpServers(servers: Readonly<Record<string, McpServerConfig>>, context: ResolveContext): Promise<McpServersReading> {
    const resolved: Record<string, McpServerConfig> = {};
    const errors: string[] = [];
    for (const [name, config] of Object.entries(servers)) {
        const missing: string[] = [];
        const fill = async (value: string): Promise<string> => {
            let result = "";
            let last = 0;
            for (const match of value.matchAll(REFERENCE)) {
                result += value.slice(last, match.index);
                last = match.index! + match[0].length;
                if (match[1] === undefined) {
                    if (context.workspaceFolder === undefined) missing.push("${workspaceFolder} (no folder is open)");
                    result += context.workspaceFolder ?? "";
                } else if (match[1] === "env") {
                    result += context.env[match[2]!] ?? "";
                } else {
                    const secret = await context.secret(match[2]!);
                    if (secret === undefined) missing.push(`the secret "${match[2]}"`);
                    result += secret ?? "";
                }
            }
            return result + value.slice(last);
        };
        const fillRecord = async (record: Readonly<Record<string, string>>) =>
            Object.fromEntries(await Promise.all(Object.entries(record).map(async ([key, value]) => [key, await fill(value)] as const)));
        const filled: McpServerConfig = config.type === "http"
            ? { type: "http", url: await fill(config.url), headers: await fillRecord(config.headers) }
            : {
                ...(config.type === undefined ? {} : { type: config.type }),
                command: await fill(config.command), args: await Promise.all(config.args.map(fill)), env: await fillRecord(config.env),
                ...(config.cwd === undefined ? {} : { cwd: await fill(config.cwd) }),
            };
        if (missing.length > 0) {
            errors.push(`MCP server "${name}" is left out: it needs ${[...new Set(missing)].join(", ")}. Run "gpt-oss: Import MCP Servers" again or "gpt-oss: Set MCP Secret".`);
            continue;
        }
        resolved[name] = filled;
    }
    return { servers: resolved, errors };
}
