// The MCP servers the language server knows, by name, kept from one task to the next so a
// server is started once, not per task. Each task hands over the configuration it was sent:
// a server whose configuration changed is closed and replaced, one no longer configured is closed.
import type { McpServerConfig } from "../../protocol/index.ts";
import { McpConnection } from "./mcp-connection.ts";

export class McpHub {
    private readonly connections = new Map<string, { key: string; connection: McpConnection }>();

    /** The connections for these servers (none started yet: they start on first use). */
    sync(servers: Readonly<Record<string, McpServerConfig>>): McpConnection[] {
        for (const [name, entry] of this.connections) {
            const config = servers[name];
            if (config === undefined || JSON.stringify(config) !== entry.key) {
                this.connections.delete(name);
                void entry.connection.close();
            }
        }
        return Object.entries(servers).map(([name, config]) => {
            const existing = this.connections.get(name);
            if (existing) return existing.connection;
            const connection = new McpConnection(name, config);
            this.connections.set(name, { key: JSON.stringify(config), connection });
            return connection;
        });
    }

    get(name: string): McpConnection | undefined {
        return this.connections.get(name)?.connection;
    }

    async closeAll(): Promise<void> {
        const all = [...this.connections.values()];
        this.connections.clear();
        await Promise.all(all.map((entry) => entry.connection.close()));
    }
}
