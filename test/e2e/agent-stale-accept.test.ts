// A workspace file changed between the agent's plan and Accept (issue 16's fault suite): in
// code-server, once the review shows the proposed change, the user edits a.ts (unsaved) or the
// file changes on disk; Accept All must then refuse, say why, and write nothing.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2eTest, type E2eContext } from "./harness/e2e-test.ts";
import { e2eCache, fixturesDir } from "./harness/paths.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { agentPromptTexts } from "../support/agent-fixture.ts";
import { recordFault } from "../faults/fault-ledger.ts";

const INSTRUCTION = "Reverse the operands";
const ORIGINAL = readFileSync(join(fixturesDir, "workspace", "a.ts"), "utf8");
const PLAN = { summary: "Operands turned around.", files: [{ action: "edit", path: "a.ts", edits: [{ search: "    return a + b;", replace: "    return b + a;" }] }] };
const SCRIPT = "<|channel|>analysis<|message|>Swap them.<|end|><|start|>assistant<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>"
    + `${JSON.stringify(PLAN)}<|call|>`;
const REVIEW = /Edit Selection proposes changes to a\.ts: Operands turned around\./;
const REFUSED = /a\.ts changed since the agent read it; nothing was applied/;

const agentModel = await createScriptedModel({
    scripts: [{ trigger: "assistant", output: SCRIPT }],
    promptTexts: [...agentPromptTexts(), ORIGINAL, INSTRUCTION, "Edit the selected code in a.ts:", "Selected in a.ts, lines 1-4:"],
    dir: join(e2eCache, "models"),
});

const OPTIONS = {
    needsModel: true,
    timeoutMs: 240_000,
    // Completions off: the scripted model would offer its chain as ghost text after "// mine", and
    // the editor's text as read from the page includes ghost text.
    settings: { "gptOss.model.localPath": agentModel, "gptOss.contextSize": 8192, "gptOss.agent.verify": false, "gptOss.completions.enabled": false },
};

/** Runs Edit Selection on all of a.ts and waits for the review; returns a.ts's path on disk. */
async function reviewShown({ workbench, page, session, checkpoint }: E2eContext): Promise<string> {
    await workbench.explorer.openFile("a.ts");
    await workbench.editor.focus();
    await page.keyboard.press("ControlOrMeta+A");
    await workbench.palette.run("gpt-oss: Edit Selection…", { asksInput: true });
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(INSTRUCTION);
    await input.press("Enter");
    await workbench.notifications.waitFor(REVIEW, { timeout: 150_000 });
    await page.locator(".monaco-diff-editor").first().waitFor({ state: "visible", timeout: 30_000 });
    await checkpoint("review shown");
    return join(session.profile.workspace, "a.ts");
}

e2eTest("agent: a.ts edited in its unsaved buffer before Accept: Accept All refuses and writes nothing", OPTIONS, async (context) => {
    const { workbench, page, checkpoint } = context;
    const file = await reviewShown(context);
    await workbench.explorer.openFile("a.ts");
    await workbench.editor.focus();
    await workbench.editor.goToEnd();
    await workbench.editor.type("// mine");
    await page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "attached" });
    await checkpoint("a.ts edited, not saved");
    await workbench.notifications.clickAction(REVIEW, "Accept All");
    const message = await workbench.notifications.waitFor(REFUSED);
    await checkpoint("Accept All refused");
    assert.equal(readFileSync(file, "utf8"), ORIGINAL, "nothing written to disk");
    assert.match(await workbench.editor.text(), /\/\/ mine/, "the user's unsaved edit is still there");
    assert.doesNotMatch(await workbench.editor.text(), /return b \+ a;/);
    recordFault({ fault: "workspace file changed in an unsaved buffer between plan and Accept", injected: "typed into a.ts while the review was open", recovered: true, itemsLost: 0, falseErrorNotifications: 0, userMessage: message });
});

e2eTest("agent: a.ts changed on disk before Accept: Accept All refuses and writes nothing", OPTIONS, async (context) => {
    const { workbench, checkpoint } = context;
    const file = await reviewShown(context);
    const onDisk = `${ORIGINAL}// changed on disk\n`;
    writeFileSync(file, onDisk);
    await workbench.explorer.openFile("a.ts");
    // The editor picks the change up through its file watcher; poll what it shows (the test's timeout bounds this).
    while (!(await workbench.editor.text()).includes("changed on disk")) await context.page.waitForTimeout(100);
    await checkpoint("a.ts changed on disk");
    await workbench.notifications.clickAction(REVIEW, "Accept All");
    const message = await workbench.notifications.waitFor(REFUSED);
    await checkpoint("Accept All refused");
    assert.equal(readFileSync(file, "utf8"), onDisk, "the file is as the other program left it");
    recordFault({ fault: "workspace file changed on disk between plan and Accept", injected: "a.ts rewritten on disk while the review was open", recovered: true, itemsLost: 0, falseErrorNotifications: 0, userMessage: message });
});
