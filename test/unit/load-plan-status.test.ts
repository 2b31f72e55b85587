// The status tooltip says where the model runs and why, from the server's load plan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EngineStatus, NOT_LOADED_STATUS } from "../../protocol/index.ts";
import { placementLine } from "../../extension/status-text.ts";
import { planLoad } from "../../server/engine/load-plan.ts";
import { discreteGpu, realShapeInsights } from "../fixtures/real-shape-model/simulated-machines.ts";

test("a partial offload's tooltip line names the layers, the context and the GPU's memory", async () => {
    const plan = await planLoad(await realShapeInsights("gpt-oss-20b"), discreteGpu(12, 32), 16_384, "gpt-oss-20b");
    // The plan crosses the process boundary inside the status: the protocol schema must keep it.
    const status = EngineStatus.parse({ ...NOT_LOADED_STATUS, state: "ready", backend: "cuda", contextSize: plan.contextSize, gpuLayers: plan.gpuLayers, loadPlan: plan.summary });
    assert.equal(placementLine(status), `Placement: ${plan.gpuLayers} of 25 layers on GPU, 16k context: GPU has 12 GB`);
});

test("no placement line before the model is ready, for a remote endpoint, or without a plan", () => {
    const ready = { ...NOT_LOADED_STATUS, state: "ready" as const, backend: "cuda" as const, loadPlan: "All 25 layers on GPU, 16k context: GPU has 16 GB" };
    assert.equal(placementLine({ ...ready, state: "loading" }), null);
    assert.equal(placementLine({ ...ready, backend: "remote" }), null);
    assert.equal(placementLine({ ...ready, loadPlan: null }), null);
    assert.equal(placementLine({ ...ready, loadPlan: undefined }), null);
});
