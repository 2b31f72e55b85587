// API-level cases (test/e2e-companion/cases) run inside code-server's real extension host by
// the companion extension; here we wait for its TAP and turn each point into a subtest. The
// profile loads the scripted model the language-model cases talk to, and the sandbox tool's
// confirmation dialog is answered here, as a person would.
import assert from "node:assert/strict";
import { e2eTest } from "./harness/e2e-test.ts";
import { parseTap } from "./harness/tap.ts";
import { waitForFile } from "./harness/wait.ts";
import { confirmSandboxRuns, languageModelScript, languageModelSettings } from "./language-model-fixture.ts";

const settings = await languageModelSettings();

e2eTest("API-level cases pass in the real extension host (companion)", { companion: true, settings, timeoutMs: 240_000 }, async ({ session, page, t, checkpoint }) => {
    const confirmations = confirmSandboxRuns(page, checkpoint, 150_000);
    const report = parseTap(await waitForFile(session.companionResults, { timeout: 150_000 }));
    await checkpoint("workbench while the companion ran");
    assert.ok(report.results.length > 0, "the companion ran no case");
    assert.equal(report.results.length, report.planned, "the companion stopped before its plan's end");
    for (const result of report.results) {
        await t.test(result.name, () => {
            if (!result.ok) throw new Error(result.message ?? "not ok");
        });
    }
    await t.test("the sandbox tool's confirmation showed the exact code before each run", () => {
        assert.ok(confirmations.shown.length > 0, "no confirmation dialog was confirmed");
        for (const shown of confirmations.shown) assert.ok(shown.detail.includes(languageModelScript.INPUT.code), shown.detail);
    });
});
