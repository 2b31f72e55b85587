// The language server's side of the user's tools: one McpHub for the server's life (so MCP
// servers are started once and reused by later tasks and chat turns), the editor's approval
// dialog and lm-tool invocation as requests to the extension, and the listing the quick pick shows.
import { CancellationTokenSource, type CancellationToken, type Connection } from "vscode-languageserver/node";
import {
    LmToolInvokeRequest, parseOrThrow, ToolApproveRequest, type ExternalToolListing, type McpServerConfig, type ResultOf,
    type ToolsListRequest,
} from "../../protocol/index.ts";
import type { ExternalToolHost } from "../agent/tools/mcp/external-tools.ts";
import { McpHub } from "./mcp-hub.ts";

export class UserToolsService {
    readonly hub = new McpHub();
    readonly host: ExternalToolHost;

    constructor(connection: Pick<Connection, "sendRequest">) {
        this.host = {
            hub: this.hub,
            async approve(params) {
                const answer = await connection.sendRequest(ToolApproveRequest.method, params);
                return parseOrThrow(ToolApproveRequest.result, answer, ToolApproveRequest.method, "result");
            },
            async invokeLm(name, input, signal) {
                const answer = await connection.sendRequest(LmToolInvokeRequest.method, { name, input }, cancellationOf(signal));
                return parseOrThrow(LmToolInvokeRequest.result, answer, LmToolInvokeRequest.method, "result");
            },
        };
    }

    /** Every tool of the configured servers (each started if it was not), for the quick pick. */
    async list(servers: Readonly<Record<string, McpServerConfig>>, signal: AbortSignal): Promise<ResultOf<typeof ToolsListRequest>> {
        const tools: ExternalToolListing[] = [];
        const errors: Array<{ server: string; message: string }> = [];
        await Promise.all(this.hub.sync(servers).map(async (connection) => {
            try {
                for (const tool of await connection.tools(signal)) {
                    tools.push({
                        id: `mcp:${connection.name}/${tool.name}`, source: "mcp", origin: connection.name, name: tool.name,
                        description: tool.description ?? tool.title ?? "", readOnly: tool.annotations?.readOnlyHint === true,
                    });
                }
            } catch (error) {
                if (signal.aborted) throw error;
                errors.push({ server: connection.name, message: error instanceof Error ? error.message : String(error) });
            }
        }));
        tools.sort((a, b) => a.id.localeCompare(b.id));
        return { tools, errors };
    }

    close(): Promise<void> {
        return this.hub.closeAll();
    }
}

/** A cancellation token for an AbortSignal: aborting cancels the request in the extension. */
function cancellationOf(signal: AbortSignal): CancellationToken {
    const source = new CancellationTokenSource();
    if (signal.aborted) source.cancel();
    else signal.addEventListener("abort", () => source.cancel(), { once: true });
    return source.token;
}
