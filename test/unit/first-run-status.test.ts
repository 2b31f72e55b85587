// What the status bar, the chat's welcome and a waiting question say at each first-run step,
// and the memory line shown before a 12 GB download.
import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { activityText, statusText, type ModelStep, type StatusBarView } from "../../extension/status-text.ts";
import { modelPanel } from "../../extension/chat/model-panel.ts";
import { fitNote, neededBytes } from "../../server/download/machine-fit.ts";

const view = (status: Partial<EngineStatus> = {}, step: ModelStep | null = null, server: StatusBarView["server"] = "running"): StatusBarView => ({
    status: { ...NOT_LOADED_STATUS, ...status },
    downloadFraction: step?.kind === "downloading" ? step.fraction : null,
    step, server, sandboxSummary: null,
});

test("every step before a model is ready is named in the status bar and in words", () => {
    const checking = view({}, { kind: "checking", site: "huggingface.co" });
    assert.equal(statusText(checking), "$(sync~spin) gpt-oss: checking huggingface.co");
    assert.equal(activityText(checking), "Checking the model on huggingface.co…");
    const asking = view({}, { kind: "asking", fileName: "gpt-oss-20b.MXFP4.gguf" });
    assert.equal(statusText(asking), "$(question) gpt-oss: download?");
    assert.equal(activityText(asking), "Waiting for your answer: download gpt-oss-20b.MXFP4.gguf?");
    assert.equal(activityText(view({}, { kind: "downloading", fraction: 0.437 })), "Downloading the model: 43 %");
    assert.equal(activityText(view({ state: "loading", progress: 0.4 })), "Loading the model: 40 %");
    assert.equal(activityText(view({ state: "loading", backend: "remote" })), "Connecting to the server…");
    assert.equal(activityText(view()), null);
    assert.equal(statusText({ ...view({ state: "ready", backend: "cpu", contextSize: 2048 }), chatBusy: true }), "$(loading~spin) gpt-oss: thinking (CPU)");
    assert.equal(statusText({ ...view({ state: "not-loaded" }), chatBusy: true }), "$(circle-outline) gpt-oss: not loaded", "busy only counts with a model");
    assert.equal(activityText(view({ state: "ready", contextSize: 2048 })), null);
});

test("the chat's panel: welcome while not ready, the failure's message, no stale error while a step runs", () => {
    const failed = modelPanel(view(), "huggingface.co cannot be reached from this machine", "/s/models", null);
    assert.deepEqual(failed, { ready: false, state: "gpt-oss: not loaded", activity: null, error: "huggingface.co cannot be reached from this machine", downloadDirectory: "/s/models", fitNote: null });
    assert.equal(modelPanel(view({}, { kind: "checking", site: "huggingface.co" }), "old", "/s", null).error, null);
    const ready = modelPanel(view({ state: "ready", backend: "cpu", contextSize: 2048 }), "old", "/s", "note");
    assert.equal(ready.ready, true);
    assert.equal(ready.error, null);
    assert.equal(modelPanel(view({ state: "ready", contextSize: 1 }, null, "restarting"), null, "/s", null).ready, false, "a restarting server has no model");
});

test("the memory line: silent when the GPU holds the model, one line otherwise", () => {
    const need = neededBytes(16384);
    assert.ok(need > 13e9 && need < 14.5e9, `20b with 16k context needs ${need}`);
    assert.equal(fitNote(need, "cuda", 24e9, 64e9), null);
    assert.match(fitNote(need, "cpu", 0, 64e9)!, /^No GPU was found: gpt-oss-20b \(about 14 GB\) would run on the CPU/);
    assert.match(fitNote(need, "cuda", 8e9, 64e9)!, /^The GPU has 8\.0 GB; gpt-oss-20b needs about 14 GB, so part of it would run on the CPU/);
    assert.match(fitNote(need, "cpu", 0, 8e9)!, /^This machine has 8\.0 GB of memory; gpt-oss-20b needs about 14 GB, so it will not load well here/);
});
