// ModelLoads's rules with a scripted host (the real-server cases are in
// test/integration/choose-model-loads.test.ts): who shows a failure, and how often.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { LoadRequest, RequestCancelledError } from "../../protocol/index.ts";
import { ModelLoads, type ModelLoadHost } from "../../extension/model-loads.ts";

/** A host whose loads fail with `failure`; counts what the user was shown. */
function failingHost(failure: Error): ModelLoadHost & { shown: unknown[] } {
    const shown: unknown[] = [];
    return {
        shown,
        settingsKey: () => "local:/models/a.gguf",
        loadFromSettings: () => Promise.reject(failure),
        reportError: (error) => shown.push(error),
    };
}

describe("model loads", () => {
    test("a load for a caller that shows errors itself throws the failure and shows nothing (one error, not two)", async () => {
        const failure = new Error("The model file is not a gpt-oss GGUF.");
        const host = failingHost(failure);
        const loads = new ModelLoads(host);
        await assert.rejects(loads.load({ report: false }), failure);
        assert.deepEqual(host.shown, []);
    });

    test("a plain load shows its failure once", async () => {
        const host = failingHost(new Error("boom"));
        assert.equal(await new ModelLoads(host).load(), false);
        assert.equal(host.shown.length, 1);
    });

    test("a load cancelled on the server shows nothing, either way", async () => {
        const host = failingHost(new RequestCancelledError(LoadRequest.method, true));
        const loads = new ModelLoads(host);
        assert.equal(await loads.load(), false);
        assert.equal(await loads.load({ report: false }), false);
        assert.deepEqual(host.shown, []);
    });

    test("a load replaced by an unload shows nothing even when it then fails", async () => {
        let fail!: (error: Error) => void;
        const shown: unknown[] = [];
        const loads = new ModelLoads({
            settingsKey: () => "k",
            loadFromSettings: () => new Promise((_, reject) => { fail = reject; }),
            reportError: (error) => shown.push(error),
        });
        const pending = loads.load();
        loads.supersede();
        fail(new Error("Loading was interrupted"));
        assert.equal(await pending, false);
        assert.deepEqual(shown, []);
    });
});
