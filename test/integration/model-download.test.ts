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
const RESUME_CHUNK_BYTES = 5 * 1024 * 1024;
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

before(async () => {
    // ~25 MB: node-llama-cpp's downloader (ipull) writes and records progress in 5 MB chunks,
    // so resuming needs a file of several chunks.
    // Small vocabulary: the download is under test, not the tokenizer; o200k_harmony would make the file ~400 MB.
    model = await readFile(await createRandomModel({ seed: 11, embeddingLength: 512, blockCount: 2, expertCount: 8, expertFeedForwardLength: 256, expertType: "f32", vocabulary: "small" }));
    http = await startModelHttpServer({
        "test/gpt-oss-tiny/model.gguf": { bytes: model },
        "test/gpt-oss-tiny/truncated.gguf": { bytes: model.subarray(0, Math.floor(model.length * 0.8)) },
        "test/gpt-oss-tiny/flaky.gguf": { bytes: model, dropAfter: Math.floor(model.length / 2), dropOnlyOnce: true },
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
        if (update.downloadedBytes > RESUME_CHUNK_BYTES + 1_000_000) controller.abort();
    }, controller.signal), RequestCancelledError);
    assert.ok(seen > 0 && seen < model.length, `cancelled after ${seen} of ${model.length} bytes`);
    const leftover = await readdir(src.directory);
    assert.ok(leftover.length > 0, `the partial download is kept for resuming (found: ${leftover.join(", ")})`);

    const requestsBefore = http.requests.length;
    const file = await server.client.download(src, () => undefined);
    const resumed = http.requests.slice(requestsBefore).filter((request) => (request.rangeStart ?? 0) >= RESUME_CHUNK_BYTES);
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

test("a connection that drops halfway once is resumed and the file still lands intact", async () => {
    const src = await source("flaky.gguf");
    const file = await server.client.download(src, () => undefined);
    assert.equal(sha(await readFile(file)), sha(model));
    assert.ok(http.requests.some((request) => request.path.endsWith("flaky.gguf") && (request.rangeStart ?? 0) >= RESUME_CHUNK_BYTES),
        `the retry asked only for the chunks it lacked: ${JSON.stringify(http.requests.filter((request) => request.path.endsWith("flaky.gguf")))}`);
});

test("a server that keeps dropping the connection ends in a clear 'stalled' error, and the server stays up", async () => {
    const src = await source("dropping.gguf");
    await assert.rejects(server.client.download(src, () => undefined, undefined, { stallSeconds: 2 }), (error: Error) => {
        assert.match(error.message, /stalled: no data arrived for 2 s\. Try again to resume it\./);
        return true;
    });
    assert.equal(server.child.exitCode, null);
    assert.ok(["ready", "not-loaded"].includes((await server.client.status()).state), "the server still answers");
    assert.ok((await stat(src.directory)).isDirectory());
});
