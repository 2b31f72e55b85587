// What the status bar says while the remote backend is connecting and once it is ready.
import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { statusText } from "../../extension/status-text.ts";

const view = (status: Partial<EngineStatus>) =>
    statusText({ status: { ...NOT_LOADED_STATUS, ...status }, downloadFraction: null, server: "running", sandboxSummary: null });

test("a remote endpoint reads as remote with its latency, connecting while it loads", () => {
    assert.equal(view({ state: "loading", backend: "remote" }), "$(loading~spin) gpt-oss: connecting");
    assert.equal(view({ state: "ready", backend: "remote", latencyMs: 83.6, contextSize: 131072 }), "$(remote) gpt-oss: ready (remote, 84 ms)");
    assert.equal(view({ state: "ready", backend: "remote", latencyMs: null }), "$(remote) gpt-oss: ready (remote)");
    // The embedded backend's text is unchanged.
    assert.equal(view({ state: "ready", backend: "cpu", contextSize: 2048 }), "$(check) gpt-oss: ready (CPU, 2048 ctx)");
});
