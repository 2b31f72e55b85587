// The first step of a download asks the site for the file's size. When the site never answers
// (offline, a firewall, a proxy that is needed but not set), the real server must end that
// step with a message that says so, and stay usable; with a proxy named in the request (VS
// Code's http.proxy), the request must go through it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DownloadSource } from "../../protocol/index.ts";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startConnectProxy, type ConnectProxy } from "../support/connect-proxy.ts";
import { startModelHttpServer, type ModelHttpServer } from "../support/model-http-server.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";
import { startSilentHost, type SilentHost } from "../support/silent-host.ts";

let server: ServerHandle;
let silent: SilentHost;
let hub: ModelHttpServer;
let proxy: ConnectProxy;
let model: Buffer;

before(async () => {
    model = await readFile(await createRandomModel({ seed: 15, embeddingLength: 64, blockCount: 1, expertCount: 4, expertFeedForwardLength: 64, expertType: "f32" }));
    silent = await startSilentHost();
    hub = await startModelHttpServer({ "test/gpt-oss-tiny/model.gguf": { bytes: model } });
    proxy = await startConnectProxy();
    server = await startServer();
});
after(async () => {
    await server.stop();
    await Promise.all([silent.close(), hub.close(), proxy.close()]);
});

async function source(endpoint: string, extra: Partial<DownloadSource> = {}): Promise<DownloadSource> {
    return { uri: "hf:test/gpt-oss-tiny/model.gguf", huggingFaceEndpoint: endpoint, directory: await mkdtemp(path.join(os.tmpdir(), "gptoss-unreach-")), ...extra };
}

// The test's own timeout is the bound the issue sets (a message within 20 s); nothing else is timed.
test("a site that accepts and never answers ends the size check with a message naming the site and the proxy setting", { timeout: 20_000 }, async () => {
    await assert.rejects(server.client.modelFileInfo(await source(silent.url)), (error: Error & { data?: { code?: string } }) => {
        assert.equal(error.data?.code, "unreachable");
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${silent.port} cannot be reached`));
        assert.match(error.message, /http\.proxy/);
        assert.match(error.message, /GGUF file/);
        return true;
    });
    assert.ok(silent.connections >= 1, "the server did try the site");
    // Still usable: the same server answers the next request, and a reachable site works.
    assert.equal((await server.client.status()).state, "not-loaded");
    const info = await server.client.modelFileInfo(await source(hub.endpoint));
    assert.equal(info.totalBytes, model.length);
});

test("a proxy named in the request (VS Code's http.proxy) carries the size check and the download", async () => {
    // Only the proxy resolves this name (it tunnels every CONNECT to 127.0.0.1).
    const port = new URL(hub.endpoint).port;
    const src = await source(`http://hub.gpt-oss.invalid:${port}`, { network: { proxy: proxy.url, noProxy: [], strictSSL: true } });
    const info = await server.client.modelFileInfo(src);
    assert.equal(info.totalBytes, model.length);
    const file = await server.client.download(src, () => undefined);
    assert.equal((await readFile(file)).length, model.length);
    assert.ok(proxy.tunnels.includes(`hub.gpt-oss.invalid:${port}`), `tunnels: ${proxy.tunnels.join(", ")}`);
});

test("a dead proxy is named in the message", { timeout: 20_000 }, async () => {
    const src = await source(hub.endpoint.replace("127.0.0.1", "hub.gpt-oss.invalid"), { network: { proxy: silent.url, noProxy: [], strictSSL: true } });
    await assert.rejects(server.client.modelFileInfo(src), (error: Error & { data?: { code?: string } }) => {
        assert.equal(error.data?.code, "unreachable");
        assert.match(error.message, new RegExp(`through the proxy 127\\.0\\.0\\.1:${silent.port}`));
        return true;
    });
});
