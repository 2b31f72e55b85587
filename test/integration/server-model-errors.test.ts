// The server meets bad model files: each gets a clear error, and the server keeps answering.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LoadRequest } from "../../protocol/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

let server: ServerHandle;
let dir: string;

before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gptoss-bad-models-"));
    server = await startServer();
});
after(() => server.stop());

test("a fresh server reports 'not loaded' and logs its pid", async () => {
    const status = await server.client.status();
    assert.equal(status.state, "not-loaded");
    assert.ok(server.logs.some((line) => line.includes(`language server started (pid ${server.child.pid}`)), server.logs.join("\n"));
});

test("a missing model file is a clear error and the server stays up", async () => {
    const missing = path.join(dir, "nowhere.gguf");
    await assert.rejects(server.client.load(testConfig(missing)), (error: Error & { data?: { code?: string } }) => {
        assert.match(error.message, /Model file not found: .*nowhere\.gguf/);
        assert.equal(error.data?.code, "model-not-found");
        return true;
    });
    const status = await server.client.status();
    assert.equal(status.state, "error");
    assert.equal(status.error?.code, "model-not-found");
});

test("a file of garbage bytes is rejected as not a GGUF, without killing the server", async () => {
    const corrupt = path.join(dir, "corrupt.gguf");
    await writeFile(corrupt, Buffer.from("this is not a model, just some bytes pretending".repeat(100)));
    await assert.rejects(server.client.load(testConfig(corrupt)), /corrupt\.gguf is not a valid GGUF model file/);
    assert.equal(server.child.exitCode, null);
    assert.equal((await server.client.status()).error?.code, "model-invalid");
});

test("a GGUF header claiming more tensors than the file holds is rejected instead of hanging the reader", async () => {
    const wrong = path.join(dir, "half.gguf");
    const header = Buffer.alloc(64);
    header.write("GGUF", 0, "latin1");
    header.writeUInt32LE(3, 4);
    header.writeBigUInt64LE(99999999n, 8); // absurd tensor count with no data behind it
    await writeFile(wrong, header);
    await assert.rejects(server.client.load(testConfig(wrong)), /half\.gguf is not a valid GGUF model file/);
    assert.equal(server.child.exitCode, null);
});

test("requests with malformed parameters are refused by the schema, naming the field", async () => {
    await assert.rejects(server.connection.sendRequest(LoadRequest.method, { modelPath: "", gpu: "tpu" }), /invalid params for gptoss\/model\/load: .*modelPath/);
});

test("chat without a loaded model says how to load one", async () => {
    await assert.rejects(
        server.client.chatTurn({ messages: [{ role: "user", content: "hi" }], reasoningEffort: "low" }, () => undefined),
        /No model is loaded/);
});
