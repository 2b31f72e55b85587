// The user's own tools in code-server: the companion extension registers an lm tool
// (gptOssE2e_recordNote), gptOss.tools.languageModelTools allows it, and an agent task run from
// the palette on a scripted model calls it through our agent. Before it runs, our dialog shows the
// exact arguments; allowed, it runs in the extension host (it writes notes.txt) and the task
// ends in its review. Then "gpt-oss: Choose Tools…" turns it off, and the next task does not
// offer it (the server's log line for the task names no tool of the user's).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { e2eTest } from "./harness/e2e-test.ts";
import { e2eCache, fixturesDir } from "./harness/paths.ts";
import { waitUntil } from "./harness/wait.ts";
import { Dialog } from "./pages/dialog.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { agentPromptTexts } from "../support/agent-fixture.ts";

const TOOL = "gptOssE2e_recordNote";
const INSTRUCTION = "Note it then swap";
const ORIGINAL = readFileSync(join(fixturesDir, "workspace", "a.ts"), "utf8");
const SEARCH = "    return a + b;";
const REPLACE = "    return b + a;";
const PLAN = { summary: "Operands turned around.", files: [{ action: "edit", path: "a.ts", edits: [{ search: SEARCH, replace: REPLACE }] }] };
// "Wombat" in the call's arguments is the word the scripted model tells its two steps apart by.
const CALL = `<|channel|>analysis<|message|>Kiwi first.<|end|><|start|>assistant<|channel|>commentary to=functions.${TOOL} <|constrain|>json<|message|>{"note":"Wombat"}<|call|>`;
const SUBMIT = `<|channel|>commentary to=functions.submit_plan <|constrain|>json<|message|>${JSON.stringify(PLAN)}<|call|>`;

const companion = JSON.parse(readFileSync(join(fixturesDir, "..", "..", "e2e-companion", "package.json"), "utf8")) as {
    contributes: { languageModelTools: Array<{ name: string; modelDescription: string; inputSchema: object }> };
};
const toolContribution = companion.contributes.languageModelTools.find((tool) => tool.name === TOOL)!;

const model = await createScriptedModel({
    scripts: [{ trigger: "assistant", output: CALL }, { trigger: "assistant", output: SUBMIT, follows: true }],
    promptTexts: [
        ...agentPromptTexts(), ORIGINAL, INSTRUCTION, "The file open in the editor: a.ts",
        toolContribution.modelDescription, JSON.stringify(toolContribution.inputSchema), "(VS Code extension tool, asks the user before it runs)",
    ],
    dir: join(e2eCache, "models"),
});

e2eTest("user tools: an agent task calls another extension's lm tool after the dialog shows its arguments; turned off, the next task does not offer it", {
    needsModel: true,
    companion: true,
    timeoutMs: 300_000,
    settings: {
        "gptOss.model.localPath": model, "gptOss.contextSize": 8192, "gptOss.agent.verify": false,
        "gptOss.tools.languageModelTools": { [TOOL]: true },
        "gptOssE2e.runSuite": false,
    },
}, async ({ workbench, page, session, checkpoint }) => {
    const notes = join(session.profile.workspace, "notes.txt");
    const runTask = async () => {
        await workbench.explorer.openFile("a.ts");
        await workbench.palette.run("gpt-oss: Run Agent Task…", { asksInput: true });
        const input = page.locator(".quick-input-widget input");
        await input.waitFor({ state: "visible" });
        await input.fill(INSTRUCTION);
        await input.press("Enter");
    };

    await runTask();
    const dialog = new Dialog(page);
    const asked = await dialog.waitFor(new RegExp(`gpt-oss wants to run ${TOOL} from a VS Code extension`), { timeout: 150_000 });
    await checkpoint("approval: the tool's exact arguments");
    assert.match(asked.detail, /"note": "Wombat"/);
    assert.equal(existsSync(notes), false, "nothing ran before Allow");
    await dialog.click("Allow");
    await waitUntil(() => (existsSync(notes) ? true : undefined), "the companion's tool wrote notes.txt");
    assert.equal(readFileSync(notes, "utf8"), "Wombat\n");
    const review = /Agent Task proposes changes to a\.ts: Operands turned around\./;
    await workbench.notifications.waitFor(review, { timeout: 150_000 });
    await checkpoint("the task that used the tool ends in its review");
    await workbench.notifications.clickAction(review, "Reject");

    // Turn the tool off in this workspace.
    await workbench.palette.run("gpt-oss: Choose Tools…", { asksInput: true });
    const row = workbench.quickInput.widget.locator(".quick-input-list .monaco-list-row", { hasText: TOOL }).first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /VS Code tool/);
    await checkpoint("the tool quick pick lists the lm tool, checked");
    await row.locator("input[type=checkbox], .monaco-custom-toggle, .quick-input-list-checkbox").first().click();
    await checkpoint("unchecked");
    await workbench.quickInput.widget.getByRole("button", { name: "OK", exact: true }).click();
    await workbench.quickInput.waitClosed();

    // The next task: the server's log names the user's tools it offers; now none.
    await runTask();
    await workbench.palette.run("gpt-oss: Show Log");
    await workbench.output.waitVisible();
    await workbench.output.waitForLine(/user tools offered: none; turned off here: 1/, { timeout: 120_000 });
    await checkpoint("the next task offers none of the user's tools");
    assert.equal(readFileSync(notes, "utf8"), "Wombat\n", "the tool did not run again");
});
