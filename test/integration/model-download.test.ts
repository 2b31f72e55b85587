// The download path is node-llama-cpp's real downloader, run by the real server, against a
// Hugging Face stand-in on 127.0.0.1 serving a synthetic gpt-oss GGUF.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RequestCancelledError, type DownloadSource } from "../../protocol/index.ts";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startModelHttpServer, type ModelHttpServer } from "../support/model-http-server.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

let server: ServerHandle;
let http: ModelHttpServer;
let model: Buffer;
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

before(async () => {
    // Big enough (a few MB) that a throttled download takes a moment and reports progress.
    model = await readFile(await createRandomModel({ seed: 11, embeddingLength: 256, blockCount: 4, expertCount: 8 }));
    http = await startModelHttpServer({
        "test/gpt-oss-tiny/model.gguf": { bytes: model },
        "test/gpt-oss-tiny/truncated.gguf": { bytes: model.subarray(0, Math.floor(model.length * 0.8)) },
        "test/gpt-oss-tiny/dropping.gguf": { bytes: model, dropAfter: Math.floor(model.length / 2) },
    });
    server = await startServer();
});
after(async () => {
    await server.stop();
    await http.close();
});

async function source(file: string): Promise<DownloadSource> {
    return { uri: `hf:test/gpt-oss-tiny/${file}`, huggingFaceEndpoint: http.endpoint, directory: await mkdtemp(path.join(os.tmpdir(), "gptoss-dl-")) };
}

test("a download reports progress, lands byte for byte, loads, and is then known offline", async () => {
    const src = await source("model.gguf");
    const before = await server.client.modelFileInfo(src);
    assert.equal(before.downloaded, false);
    assert.equal(before.totalBytes, model.length);

    const progress: number[] = [];
    const file = await server.client.download(src, (update) => {
        assert.equal(update.totalBytes, model.length);
        progress.push(update.downloadedBytes);
    });
    assert.ok(progress.length >= 2, `progress events: ${progress.length}`);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), "progress only moves forward");
    assert.equal(progress.at(-1), model.length);
    assert.equal(sha(await readFile(file)), sha(model));

    const requestsBefore = http.requests.length;
    const after = await server.client.modelFileInfo(src);
    assert.deepEqual(after, { path: file, downloaded: true, totalBytes: model.length });
    assert.equal(http.requests.length, requestsBefore, "a finished download is known without asking the network");

    const status = await server.client.load(testConfig(file));
    assert.equal(status.state, "ready");
});

test("cancel stops a download, and a second try resumes from where it stopped", async () => {
    const src = await source("model.gguf");
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(server.client.download(src, (update) => {
        seen = update.downloadedBytes;
        if (update.downloadedBytes > model.length / 4) controller.abort();
    }, controller.signal), RequestCancelledError);
    assert.ok(seen > 0 && seen < model.length);
    const leftover = await readdir(src.directory);
    assert.ok(leftover.length > 0, "the partial download is kept for resuming");

    const requestsBefore = http.requests.length;
    const file = await server.client.download(src, () => undefined);
    const resumed = http.requests.slice(requestsBefore).filter((request) => (request.rangeStart ?? 0) > 0);
    assert.ok(resumed.length > 0, `the second try asked for a byte range past 0: ${JSON.stringify(http.requests.slice(requestsBefore))}`);
    assert.equal(sha(await readFile(file)), sha(model));
});

test("a truncated model file is rejected with a clear error and deleted", async () => {
    const src = await source("truncated.gguf");
    await assert.rejects(server.client.download(src, () => undefined), (error: Error) => {
        assert.match(error.message, /The downloaded model was rejected and deleted: .*truncated/);
        return true;
    });
    const files = await readdir(src.directory);
    assert.equal(files.filter((name) => name.endsWith(".gguf")).length, 0, `left behind: ${files.join(", ")}`);
    const info = await server.client.modelFileInfo(src);
    assert.equal(info.downloaded, false);
});

test("a connection that drops halfway fails with a clear error, and the server stays up", async () => {
    const src = await source("dropping.gguf");
    await assert.rejects(server.client.download(src, () => undefined), /download|failed|rejected/i);
    assert.equal(server.child.exitCode, null);
    assert.ok((await stat(src.directory)).isDirectory());
    assert.equal((await server.client.status()).state !== undefined, true);
});
