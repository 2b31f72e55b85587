// A host on 127.0.0.1 that accepts connections and never answers: what a firewall that drops
// replies, a captive portal or a dead proxy looks like from the client's side. Records how many
// connections arrived, so a test can see the client really went there.
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface SilentHost {
    url: string;
    port: number;
    connections: number;
    close(): Promise<void>;
}

export async function startSilentHost(): Promise<SilentHost> {
    const sockets = new Set<net.Socket>();
    const host: SilentHost = { url: "", port: 0, connections: 0, close: async () => undefined };
    const server = net.createServer((socket) => {
        host.connections += 1;
        sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
        // Reads the request and says nothing, ever.
        socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host.port = (server.address() as AddressInfo).port;
    host.url = `http://127.0.0.1:${host.port}`;
    host.close = () => new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
    });
    return host;
}
