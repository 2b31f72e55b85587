// A forward proxy on 127.0.0.1 that tunnels CONNECT requests (how undici and curl reach any
// host through an HTTP proxy) to a port on 127.0.0.1, whatever host name was asked for: a host
// name only "the proxy" can resolve proves a request went through it. Records each CONNECT.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface ConnectProxy {
    url: string;
    /** The `host:port` of every CONNECT received, in order. */
    tunnels: string[];
    close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
    const tunnels: string[] = [];
    const sockets = new Set<net.Socket>();
    const server = http.createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
    server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        tunnels.push(req.url ?? "");
        const port = Number((req.url ?? "").split(":").at(-1));
        const upstream = net.connect(port, "127.0.0.1", () => {
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            if (head.length > 0) upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
        });
        for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on("error", () => { client.destroy(); upstream.destroy(); });
            socket.on("close", () => sockets.delete(socket));
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tunnels,
        close: () => new Promise<void>((resolve) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => resolve());
        }),
    };
}
