// The real server plans each load: on this CPU-only machine the synthetic gpt-oss loads with the
// plan's context and the status carries the plan's one-line reason; a gpt-oss-120b-shaped file
// (its header, the weights a hole in a sparse file) that cannot fit in this machine's RAM is refused up front, naming the memory it needs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { sparseFullSizeModel } from "../fixtures/real-shape-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";

let server: ServerHandle;
before(async () => { server = await startServer(); });
after(() => server.stop());

test("a model that fits loads as planned, and the status says where it runs and why", async () => {
    const modelPath = await createRandomModel({ seed: 31, name: "gpt-oss synthetic plan" });
    const status = await server.client.load(testConfig(modelPath, { contextSize: 2048 }));
    assert.equal(status.state, "ready");
    assert.equal(status.backend, "cpu");
    assert.equal(status.gpuLayers, 0);
    assert.equal(status.contextSize, 2048);
    assert.match(status.loadPlan ?? "", /^On the CPU, 2k context: \d+(\.\d)? GB RAM$/);
    assert.ok(server.logs.some((line) => line.includes("load plan: On the CPU, 2k context")), server.logs.join("\n"));
});

// The refusal depends on this machine having less RAM than gpt-oss-120b's 59 GB of weights.
const bigMachine = os.totalmem() >= 64 * 2 ** 30;
test("gpt-oss-120b on a machine without the memory for it: refused before loading, with the memory it needs", { skip: bigMachine && "this machine has room for gpt-oss-120b" }, async () => {
    const { path: modelPath } = await sparseFullSizeModel("gpt-oss-120b");
    await assert.rejects(server.client.load(testConfig(modelPath, { contextSize: 16_384 })), (error: Error & { data?: { code?: string } }) => {
        assert.equal(error.data?.code, "out-of-memory");
        assert.match(error.message, /does not fit: it needs about \d+ GB \(59 GB of weights, a 4k context, and [\d.]+ GB left for the system\), and this machine has [\d.]+ GB of RAM free\./);
        return true;
    });
    const status = await server.client.status();
    assert.equal(status.state, "error");
    assert.equal(status.error?.code, "out-of-memory");
    assert.equal(server.child.exitCode, null, "the server keeps running");
});
