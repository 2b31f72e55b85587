// An agent task that fails is reported as failed, only (issue 16, defect 7): it used to show its
// error and then "was cancelled; no file was changed" as well.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AgentRunRequest, RequestCancelledError } from "../../protocol/index.ts";
import { settleTask } from "../../extension/agent/task-outcome.ts";

describe("agent task outcome", () => {
    test("a request that fails is a failure carrying its error, not a cancellation", async () => {
        const failure = Object.assign(new Error("No model is loaded."), { data: { code: "not-loaded" } });
        const outcome = await settleTask(() => Promise.reject(failure), () => false);
        assert.deepEqual(outcome, { kind: "failed", error: failure });
    });

    test("cancelled by the user, or dropped by the server, is a cancellation", async () => {
        assert.deepEqual(await settleTask(() => Promise.reject(new RequestCancelledError(AgentRunRequest.method)), () => false), { kind: "cancelled" });
        assert.deepEqual(await settleTask(() => Promise.reject(new Error("connection closed")), () => true), { kind: "cancelled" });
    });
});
