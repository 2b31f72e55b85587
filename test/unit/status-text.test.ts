import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { statusText } from "../../extension/status-text.ts";

const view = (status: Partial<EngineStatus>, extra: { downloadFraction?: number | null; server?: "stopped" | "running" | "restarting" | "failed" } = {}) =>
    statusText({ status: { ...NOT_LOADED_STATUS, ...status }, downloadFraction: extra.downloadFraction ?? null, server: extra.server ?? "running", sandboxSummary: null });

test("each model state reads at a glance in the status bar", () => {
    assert.equal(view({}), "$(circle-outline) gpt-oss: not loaded");
    assert.equal(view({ state: "loading", progress: 0.4 }), "$(loading~spin) gpt-oss: loading 40 %");
    assert.equal(view({ state: "ready", backend: "cpu", contextSize: 2048 }), "$(check) gpt-oss: ready (CPU, 2048 ctx)");
    assert.equal(view({ state: "ready", backend: "cuda", gpuNames: ["NVIDIA H100 80GB HBM3"], contextSize: 16384 }), "$(check) gpt-oss: ready (NVIDIA H100 80GB HBM3, 16384 ctx)");
    assert.equal(view({ state: "ready", backend: "vulkan", contextSize: 8192 }), "$(check) gpt-oss: ready (VULKAN, 8192 ctx)");
    assert.equal(view({ state: "error", error: { code: "model-invalid", message: "x" } }), "$(error) gpt-oss: error");
});

test("a download in progress and a restarting server take precedence over the model state", () => {
    assert.equal(view({ state: "ready", contextSize: 1 }, { downloadFraction: 0.437 }), "$(cloud-download) gpt-oss: downloading 43 %");
    assert.equal(view({ state: "ready", contextSize: 1 }, { server: "restarting" }), "$(sync~spin) gpt-oss: restarting");
    assert.equal(view({}, { server: "failed" }), "$(error) gpt-oss: server stopped");
});
