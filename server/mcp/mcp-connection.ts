// One configured MCP server, as the language server's MCP client sees it (the official SDK's
// Client over stdio or streamable HTTP). It starts on first use, not before; lists its tools once
// per start; and when the server dies it is started again on the next use, at most
// MAX_STARTS times in START_WINDOW_MS, so a server that crashes on start cannot loop. Every call
// carries a timeout and the task's abort signal; a call the server never answers, or answers
// after dying, becomes an McpCallError the model reads, never a hang. Env and headers may hold
// secrets: they are passed to the transport and nowhere else (no log line names them).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../../protocol/index.ts";
import { log } from "../log.ts";

export const MAX_STARTS = 3;
export const START_WINDOW_MS = 5 * 60_000;
/** Starting (spawn, or HTTP connect, and the initialize handshake) may take this long. */
const START_TIMEOUT_MS = 30_000;
/** Kept from a stdio server's stderr, to say why it died. */
const STDERR_TAIL_CHARS = 2_000;

/** A failure of a call or of the server, in words for the model and the user. */
export class McpCallError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "McpCallError";
    }
}

interface Live {
    client: Client;
    transport: Transport;
    tools: Tool[] | null;
}

export class McpConnection {
    private live: Live | null = null;
    private starting: Promise<Live> | null = null;
    private readonly starts: number[] = [];
    private stderrTail = "";
    private lastExit: string | null = null;

    constructor(readonly name: string, readonly config: McpServerConfig, private readonly now: () => number = Date.now) {}

    /** The server's tools (starting it if needed). */
    async tools(signal?: AbortSignal): Promise<Tool[]> {
        const live = await this.ensure(signal);
        if (live.tools === null) {
            const tools: Tool[] = [];
            let cursor: string | undefined;
            do {
                const page = await this.guard(live, live.client.listTools(cursor === undefined ? {} : { cursor }, { signal, timeout: START_TIMEOUT_MS }), "listing its tools", START_TIMEOUT_MS);
                tools.push(...page.tools);
                cursor = page.nextCursor;
            } while (cursor !== undefined && tools.length < 1_000);
            live.tools = tools;
        }
        return live.tools;
    }

    /** Calls one tool; a failure of the server or the transport becomes an McpCallError. */
    async call(tool: string, args: Record<string, unknown>, timeoutMs: number, signal: AbortSignal): Promise<CallToolResult> {
        const live = await this.ensure(signal);
        const result = await this.guard(live, live.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: timeoutMs }), `running ${tool}`, timeoutMs);
        return result as CallToolResult;
    }

    /** Stops the server (a stdio server's process ends). */
    async close(): Promise<void> {
        const live = this.live ?? (this.starting ? await this.starting.catch(() => null) : null);
        this.live = null;
        this.starting = null;
        await live?.client.close().catch(() => undefined);
    }

    /** The stdio server's process id while it runs (tests, logs). */
    get pid(): number | null {
        const transport = this.live?.transport;
        return transport instanceof StdioClientTransport ? transport.pid : null;
    }

    private ensure(signal?: AbortSignal): Promise<Live> {
        if (this.live !== null) return Promise.resolve(this.live);
        if (this.starting === null) {
            this.starting = this.start().finally(() => { this.starting = null; });
        }
        return signal ? raceAbort(this.starting, signal) : this.starting;
    }

    private async start(): Promise<Live> {
        const now = this.now();
        while (this.starts.length > 0 && now - this.starts[0]! > START_WINDOW_MS) this.starts.shift();
        if (this.starts.length >= MAX_STARTS) {
            throw new McpCallError(`The MCP server "${this.name}" stopped ${this.starts.length} times in ${START_WINDOW_MS / 60_000} minutes and is not started again for now${this.lastExit ? ` (last: ${this.lastExit})` : ""}.`);
        }
        this.starts.push(now);
        this.stderrTail = "";
        const transport = this.transport();
        const client = new Client({ name: "gpt-oss-assistant", version: "0.1.0" });
        const live: Live = { client, transport, tools: null };
        client.onclose = () => {
            if (this.live !== live) return; // closed on purpose (close()) or a failed start
            this.live = null;
            this.lastExit = this.stderrTail.trim() === "" ? "the connection closed" : `the connection closed; it wrote: ${lastLines(this.stderrTail)}`;
            log.warn(`MCP server ${this.name}: ${this.lastExit}`);
        };
        try {
            await client.connect(transport, { timeout: START_TIMEOUT_MS });
        } catch (error) {
            await client.close().catch(() => undefined);
            const why = this.stderrTail.trim() === "" ? "" : `; it wrote: ${lastLines(this.stderrTail)}`;
            throw new McpCallError(`The MCP server "${this.name}" did not start: ${describe(error)}${why}`);
        }
        log.info(`MCP server ${this.name} started (${this.config.type === "http" ? "streamable HTTP" : "stdio"})`);
        this.live = live;
        return live;
    }

    private transport(): Transport {
        const config = this.config;
        if (config.type === "http") {
            return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
        }
        // A small default environment (PATH, HOME, USER...) plus the configured one: the server
        // does not inherit everything the editor's process holds.
        const transport = new StdioClientTransport({
            command: config.command, args: config.args, env: { ...getDefaultEnvironment(), ...config.env },
            ...(config.cwd === undefined ? {} : { cwd: config.cwd }), stderr: "pipe",
        });
        transport.stderr?.on("data", (chunk: Buffer) => {
            this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
        });
        return transport;
    }

    /** Waits for a request; a dead connection or a timeout becomes a clear McpCallError. */
    private async guard<T>(live: Live, request: Promise<T>, doing: string, timeoutMs: number): Promise<T> {
        try {
            return await request;
        } catch (error) {
            if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
                throw new McpCallError(`The MCP server "${this.name}" did not answer within ${formatSeconds(timeoutMs)} while ${doing}; the call was cancelled.`);
            }
            if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed || this.live !== live) {
                const exit = this.lastExit ?? "the connection closed";
                throw new McpCallError(`The MCP server "${this.name}" stopped while ${doing} (${exit}). It is started again on the next call.`);
            }
            if (error instanceof McpError) throw new McpCallError(`The MCP server "${this.name}" refused while ${doing}: ${error.message}`);
            throw error;
        }
    }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
}

function describe(error: unknown): string {
    if (error instanceof Error) return error.message;
    return String(error);
}

function lastLines(text: string): string {
    return text.trim().split("\n").slice(-3).join(" / ");
}

function formatSeconds(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
