// The reference MCP server nobody here wrote, @modelcontextprotocol/server-everything (a
// devDependency), as agent tests configure it: over stdio (the language server spawns it) or over
// streamable HTTP (started here, on a free port of 127.0.0.1).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { ExternalToolSettings, type McpHttpServer, type McpServerConfig, type McpStdioServer } from "../../protocol/index.ts";
import { externalTools } from "../../server/agent/tools/mcp/external-tools.ts";
import { McpHub } from "../../server/mcp/mcp-hub.ts";
import { REPO_ROOT } from "./server-process.ts";

export const EVERYTHING_ENTRY = path.join(REPO_ROOT, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

export function everythingStdio(env: Record<string, string> = {}): McpStdioServer {
    return { command: process.execPath, args: [EVERYTHING_ENTRY, "stdio"], env };
}

/**
 * The same server over stdio, started through a shell that first writes its process id to
 * `pidFile` (exec keeps the id), so a test can kill exactly that process.
 */
export function everythingStdioWithPidFile(pidFile: string): McpStdioServer {
    return { command: "/bin/sh", args: ["-c", `echo $$ > "$0"; exec "$1" "$2" stdio`, pidFile, process.execPath, EVERYTHING_ENTRY], env: {} };
}

export interface EverythingHttp {
    config: McpHttpServer;
    process: ChildProcess;
    stop(): Promise<void>;
}

export async function startEverythingHttp(): Promise<EverythingHttp> {
    const port = await freePort();
    const child = spawn(process.execPath, [EVERYTHING_ENTRY, "streamableHttp"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.includes(`listening on port ${port}`)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`server-everything exited (${code}) before listening: ${stderr}`)));
    });
    return {
        config: { type: "http", url: `http://127.0.0.1:${port}/mcp`, headers: {} },
        process: child,
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = once(child, "exit");
            child.kill("SIGTERM");
            await exited;
        },
    };
}

/** A port nothing listens on right now (the OS picks it; the server binds it right after). */
async function freePort(): Promise<number> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    server.close();
    await once(server, "close");
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
}

/** The tools of server-everything the tests offer; the others are turned off as in the quick pick. */
export const OFFERED_EVERYTHING_TOOLS = ["get-sum", "gzip-file-as-resource", "trigger-long-running-operation", "get-env"];

/** Tool settings for these servers with every other tool of server-everything turned off. */
export async function userToolSettings(servers: Record<string, McpServerConfig>, overrides: Partial<ExternalToolSettings> = {}): Promise<ExternalToolSettings> {
    const hub = new McpHub();
    try {
        const disabled: string[] = [];
        for (const connection of hub.sync(servers)) {
            for (const tool of await connection.tools()) if (!OFFERED_EVERYTHING_TOOLS.includes(tool.name)) disabled.push(`mcp:${connection.name}/${tool.name}`);
        }
        return ExternalToolSettings.parse({ mcpServers: servers, disabled, ...overrides });
    } finally {
        await hub.closeAll();
    }
}

/** The definitions (JSON and description) the model will see for these tools: prompt texts for scripted models. */
export async function userToolDefinitionTexts(settings: ExternalToolSettings, instruction: string): Promise<string[]> {
    const hub = new McpHub();
    try {
        const host = { hub, approve: async () => ({ approved: false, always: false }), invokeLm: async () => ({ text: "", isError: false }) };
        const { tools } = await externalTools(settings, host, instruction, [], new AbortController().signal);
        return tools.flatMap((tool) => [JSON.stringify(tool.definition), tool.definition.description]);
    } finally {
        await hub.closeAll();
    }
}
