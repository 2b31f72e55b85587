// The status tooltip's speed line: tokens/s of the last generation, and next to it the share of
// speculation's drafted tokens the model confirmed, when anything was drafted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { speedLine } from "../../extension/status-text.ts";

const status = (fields: Partial<EngineStatus>): EngineStatus => ({ ...NOT_LOADED_STATUS, state: "ready", backend: "cpu", ...fields });

test("the acceptance rate of the last generation's drafts stands next to its tokens/s", () => {
    assert.equal(speedLine(status({ tokensPerSecond: 23.456, draftAcceptance: 0.714 })), "Last generation: 23.5 tokens/s, 71 % of drafted tokens accepted");
    assert.equal(speedLine(status({ tokensPerSecond: 8, draftAcceptance: 0 })), "Last generation: 8.0 tokens/s, 0 % of drafted tokens accepted");
});

test("without drafts (speculation off, nothing to copy, a remote endpoint) only the speed shows; before any generation, nothing", () => {
    assert.equal(speedLine(status({ tokensPerSecond: 12.04, draftAcceptance: null })), "Last generation: 12.0 tokens/s");
    assert.equal(speedLine(status({ tokensPerSecond: 12.04 })), "Last generation: 12.0 tokens/s");
    assert.equal(speedLine(status({ tokensPerSecond: null, draftAcceptance: 0.5 })), null);
});
