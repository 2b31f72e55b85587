// A local stand-in for Hugging Face's file endpoint on 127.0.0.1: serves files at
// /<user>/<repo>/resolve/main/<file> with Range support, slowly enough that progress and cancel
// can be observed, and records the ranges asked for (to see a resumed download).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { requestListener } from "./request-listener.ts";

export interface ServedFile {
    bytes: Buffer;
    /** Stop sending after this many bytes (a connection that drops), on every request or only the first. */
    dropAfter?: number;
    dropOnlyOnce?: boolean;
}

export interface ModelHttpServer {
    endpoint: string;
    requests: Array<{ path: string; rangeStart: number | null }>;
    close(): Promise<void>;
}

export async function startModelHttpServer(files: Record<string, ServedFile>, chunkBytes = 64 * 1024, delayMs = 4): Promise<ModelHttpServer> {
    const requests: ModelHttpServer["requests"] = [];
    const server = http.createServer(requestListener(async (req, res) => {
        const path = (req.url ?? "").split("?")[0]!;
        const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
        const file = match ? files[`${match[1]}/${match[2]}`] : undefined;
        const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
        requests.push({ path, rangeStart: range ? Number(range[1]) : null });
        if (file === undefined) {
            res.writeHead(404).end("not found");
            return;
        }
        const total = file.bytes.length;
        const start = range ? Number(range[1]) : 0;
        const end = range && range[2] ? Number(range[2]) : total - 1;
        res.writeHead(range ? 206 : 200, {
            "Content-Length": end - start + 1,
            "Accept-Ranges": "bytes",
            "Content-Type": "application/octet-stream",
            ...(range ? { "Content-Range": `bytes ${start}-${end}/${total}` } : {}),
        });
        if (req.method === "HEAD") {
            res.end();
            return;
        }
        for (let offset = start; offset <= end; offset += chunkBytes) {
            if (res.destroyed) return;
            // Only real downloads (Range requests) drop; the downloader's first probe reads a little and hangs up.
            if (file.dropAfter !== undefined && range && offset >= file.dropAfter) {
                if (file.dropOnlyOnce) file.dropAfter = undefined;
                res.destroy();
                return;
            }
            res.write(file.bytes.subarray(offset, Math.min(offset + chunkBytes, end + 1)));
            await new Promise((resolve) => setTimeout(resolve, delayMs)); // a download speed, so progress and cancel have a download in flight
        }
        res.end();
    }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}/`,
        requests,
        close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
}
