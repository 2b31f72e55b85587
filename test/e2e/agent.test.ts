// An agent task as a person runs it in code-server: select code, run "gpt-oss: Edit Selection…"
// from the command palette, type the instruction, watch the progress, review the proposed change
// in the diff, accept it, find the file changed on disk, and take it back with one Undo.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { e2eTest } from "./harness/e2e-test.ts";
import { e2eCache, fixturesDir } from "./harness/paths.ts";
import { waitUntil } from "./harness/wait.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { agentPromptTexts } from "../support/agent-fixture.ts";

const INSTRUCTION = "Reverse the operands";
const ORIGINAL = readFileSync(join(fixturesDir, "workspace", "a.ts"), "utf8");
const SEARCH = "    return a + b;";
const REPLACE = "    return b + a;";
const PLAN = { summary: "Operands turned around.", files: [{ action: "edit", path: "a.ts", edits: [{ search: SEARCH, replace: REPLACE }] }] };
const SCRIPT = "<|channel|>analysis<|message|>Swap them.<|end|><|start|>assistant<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>"
    + `${JSON.stringify(PLAN)}<|call|>`;

const agentModel = await createScriptedModel({
    scripts: [{ trigger: "assistant", output: SCRIPT }],
    promptTexts: [...agentPromptTexts(), ORIGINAL, INSTRUCTION, "Edit the selected code in a.ts:", "Selected in a.ts, lines 1-4:"],
    dir: join(e2eCache, "models"),
});

e2eTest("agent: Edit Selection from the palette, review the diff, accept, undo", {
    needsModel: true,
    timeoutMs: 240_000,
    settings: { "gptOss.model.localPath": agentModel, "gptOss.contextSize": 8192, "gptOss.agent.verify": false },
}, async ({ workbench, page, session, checkpoint }) => {
    await workbench.explorer.openFile("a.ts");
    await workbench.editor.focus();
    await page.keyboard.press("ControlOrMeta+A");
    await workbench.palette.run("gpt-oss: Edit Selection…", { asksInput: true });
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await page.locator(".quick-input-widget .quick-input-title", { hasText: "Edit Selection" }).waitFor();
    await input.fill(INSTRUCTION);
    await checkpoint("instruction typed");
    await input.press("Enter");

    const review = /Edit Selection proposes changes to a\.ts: Operands turned around\./;
    await workbench.notifications.waitFor(review, { timeout: 150_000 });
    await page.locator(".monaco-diff-editor").first().waitFor({ state: "visible", timeout: 30_000 });
    await checkpoint("review: the proposed change in the diff");
    const file = join(session.profile.workspace, "a.ts");
    assert.equal(readFileSync(file, "utf8"), ORIGINAL, "nothing is written before Accept");

    await workbench.notifications.clickAction(review, "Accept All");
    const changed = ORIGINAL.replace(SEARCH, REPLACE);
    await waitUntil(() => (readFileSync(file, "utf8") === changed ? true : undefined), "a.ts changed on disk");
    assert.equal((await workbench.editor.text()).trim(), changed.trim());
    await checkpoint("accepted: a.ts changed");

    await workbench.editor.focus();
    await page.keyboard.press("ControlOrMeta+Z");
    let text = "";
    for (let tries = 0; tries < 50 && text.trim() !== ORIGINAL.trim(); tries += 1) {
        await page.waitForTimeout(100);
        text = await workbench.editor.text();
    }
    assert.equal(text.trim(), ORIGINAL.trim(), "one Undo restores a.ts");
    await checkpoint("one Undo took the change back");
});
