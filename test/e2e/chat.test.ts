// The chat view as a person uses it in code-server: open it from the activity bar, ask a
// scripted synthetic gpt-oss, see the answer rendered with the reasoning collapsed, Apply its
// code block and accept the diff; once in the dark theme and once in the light one.
import assert from "node:assert/strict";
import { join } from "node:path";
import { e2eTest } from "./harness/e2e-test.ts";
import { e2eCache } from "./harness/paths.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";

const NEW_CODE = "export const add = (a: number, b: number): number => a + b;";
const SCRIPT = "<|channel|>analysis<|message|>Shorter as an arrow function.<|end|>"
    + "<|start|>assistant<|channel|>final<|message|>Here is a shorter a.ts:\n\n```ts a.ts\n" + NEW_CODE + "\n```\n<|return|>";

// Cached by its options in the e2e model folder: made once, then reused.
const chatModel = await createScriptedModel({ scripts: [{ trigger: "assistant", output: SCRIPT }], dir: join(e2eCache, "models") });

for (const theme of ["Default Dark Modern", "Default Light Modern"]) {
    const slug = theme.includes("Dark") ? "dark" : "light";
    e2eTest(`chat: ask, read the answer, Apply its code (${slug} theme)`, {
        needsModel: true,
        timeoutMs: 240_000,
        settings: { "workbench.colorTheme": theme, "gptOss.model.localPath": chatModel },
    }, async ({ workbench, page, checkpoint }) => {
        await workbench.explorer.openFile("a.ts");
        await workbench.views.openActivity("gpt-oss");
        const chat = workbench.views.webview();
        await chat.locator("#input").waitFor({ state: "visible", timeout: 30_000 });
        await checkpoint(`chat view opened (${slug})`);

        await chat.locator("#input").fill("Make a.ts shorter");
        await chat.locator("#input").press("Enter");
        const turn = chat.locator(".turn[data-state=done]");
        await turn.waitFor({ state: "visible", timeout: 150_000 });
        assert.match(await chat.locator(".answer").textContent() ?? "", /Here is a shorter a\.ts:/);
        assert.equal(await chat.locator(".answer pre code").textContent(), `${NEW_CODE}\n`);
        const thinking = chat.locator("details.thinking");
        assert.equal(await thinking.getAttribute("open"), null, "reasoning starts collapsed");
        assert.match(await thinking.locator("summary").textContent() ?? "", /^Thought for \d/);
        assert.equal(await chat.locator(".reasoning").isVisible(), false);
        await checkpoint(`answer rendered, reasoning collapsed (${slug})`);

        await chat.locator(".code-actions").getByRole("button", { name: "Apply" }).click();
        await workbench.notifications.waitFor(/Apply the proposed change to a\.ts\?/);
        await page.locator(".monaco-diff-editor").first().waitFor({ state: "visible" });
        await checkpoint(`diff of a.ts against the proposal (${slug})`);
        await workbench.notifications.clickAction(/Apply the proposed change to a\.ts\?/, "Accept");
        await page.waitForFunction(() => !document.querySelector(".monaco-diff-editor"), undefined, { timeout: 10_000 }).catch(() => undefined);
        const text = await workbench.editor.text();
        assert.equal(text.trim(), NEW_CODE);
        await checkpoint(`a.ts changed after Accept (${slug})`);
    });
}
