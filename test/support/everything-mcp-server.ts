// The reference MCP server nobody here wrote, @modelcontextprotocol/server-everything (a
// devDependency), as agent tests configure it: over stdio (the language server spawns it) or over
// streamable HTTP (started here, on a free port of 127.0.0.1).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import type { McpHttpServer, McpStdioServer } from "../../protocol/index.ts";
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
