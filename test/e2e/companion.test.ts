// API-level cases (test/e2e-companion/cases) run inside code-server's real extension host by
// the companion extension; here we wait for its TAP and turn each point into a subtest.
import assert from "node:assert/strict";
import { e2eTest } from "./harness/e2e-test.ts";
import { parseTap } from "./harness/tap.ts";
import { waitForFile } from "./harness/wait.ts";

e2eTest("API-level cases pass in the real extension host (companion)", { companion: true }, async ({ session, t, checkpoint }) => {
    const report = parseTap(await waitForFile(session.companionResults, { timeout: 60_000 }));
    await checkpoint("workbench while the companion ran");
    assert.ok(report.results.length > 0, "the companion ran no case");
    assert.equal(report.results.length, report.planned, "the companion stopped before its plan's end");
    for (const result of report.results) {
        await t.test(result.name, () => {
            if (!result.ok) throw new Error(result.message ?? "not ok");
        });
    }
});
