// Inline completions as a person meets them in code-server: typing in a TypeScript file shows the
// scripted model's ghost text, typing its first characters keeps it without a new request,
// Escape dismisses it, the manual trigger (Alt+\) brings it back, Tab inserts exactly it.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createScriptedModel, FIM_TOKENS } from "../fixtures/synthetic-model/index.ts";
import type { Page } from "playwright-core";
import { e2eTest } from "./harness/e2e-test.ts";
import { e2eCache } from "./harness/paths.ts";
import { waitUntil } from "./harness/wait.ts";
import type { Workbench } from "./workbench.ts";

// Every completion prompt ends with the prefilled "<|channel|>final<|message|>". The model also
// closes the function; the file already has that "}", so the ghost text must not show it.
const modelPath = await createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "a * b;\n}<|return|>" }], dir: join(e2eCache, "models") });

// A fill-in-the-middle code model (synthetic, declaring FIM tokens) answers its infill prompt,
// which ends in the middle token, with a different body: the ghost text tells which model wrote it.
const FIM_NAME = "e2e FIM coder";
const fimModelPath = await createScriptedModel({
    name: FIM_NAME, fillInTheMiddle: true, scripts: [{ trigger: FIM_TOKENS.middle, output: "a + b;\n}<|endoftext|>" }], dir: join(e2eCache, "models"),
});

const MUL_TS = "// Ghost text lands here.\nexport function mul(a: number, b: number): number {\n    \n}\n";

/** Lines of our server log (the output channel's file) that record an answered completion request. */
function answeredRequests(userDataDir: string): number {
    const logs = join(userDataDir, "logs");
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) walk(path);
            else if (name === "gpt-oss.log") files.push(path);
        }
    };
    walk(logs);
    return files.reduce((count, file) => count + (readFileSync(file, "utf8").match(/completion request answered/g)?.length ?? 0), 0);
}

e2eTest(
    "typing shows the scripted ghost text; typing along keeps it; Escape dismisses; Tab inserts exactly it",
    {
        needsModel: true,
        timeoutMs: 240_000,
        prepareWorkspace: (workspace) => writeFileSync(join(workspace, "mul.ts"), MUL_TS),
        settings: { "gptOss.model.localPath": modelPath, "gptOss.completions.debounceMs": 50 },
    },
    async ({ workbench, page, session, checkpoint }) => {
        await workbench.palette.run("gpt-oss: Load Model");
        await workbench.statusBar.waitForText(/^gpt-oss: ready/, { timeout: 120_000 });

        await typeReturnInMulBody(workbench, page);
        const shown = await waitForGhost(() => workbench.editor.ghostText(), (text) => text === "a * b;");
        assert.equal(shown, "a * b;");
        await checkpoint("ghost text shown");

        const before = answeredRequests(session.profile.userDataDir);
        await workbench.editor.type("a");
        assert.equal(await waitForGhost(() => workbench.editor.ghostText(), (text) => text === " * b;"), " * b;");
        await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the debounce: a request would have been sent
        assert.equal(await workbench.editor.ghostText(), " * b;");
        assert.equal(answeredRequests(session.profile.userDataDir), before, "typing along the suggestion sent no request");
        await checkpoint("typed along, ghost text kept");

        await page.keyboard.press("Escape");
        await waitForGhost(() => workbench.editor.ghostText(), (text) => text === "");
        await checkpoint("dismissed");

        await page.keyboard.press("Alt+Backslash");
        assert.equal(await waitForGhost(() => workbench.editor.ghostText(), (text) => text === " * b;"), " * b;");
        const beforeAccept = answeredRequests(session.profile.userDataDir);
        await page.keyboard.press("Tab");
        // Accepting computes the next suggestion at once, with no keystroke after it.
        await waitUntil(() => (answeredRequests(session.profile.userDataDir) > beforeAccept ? true : undefined), "a speculative request after the accept");
        await workbench.editor.save();
        const file = join(session.profile.workspace, "mul.ts");
        const saved = await waitUntil(() => {
            const text = readFileSync(file, "utf8");
            return text.includes("return a") ? text : undefined;
        }, "mul.ts saved with the accepted suggestion");
        assert.equal(saved, MUL_TS.replace("{\n    \n}", "{\n    return a * b;\n}"));
        await checkpoint("accepted with Tab");
    },
);

e2eTest(
    "with a fill-in-the-middle model set, the ghost text comes from it and the status tooltip names it",
    {
        needsModel: true,
        timeoutMs: 180_000,
        prepareWorkspace: (workspace) => writeFileSync(join(workspace, "mul.ts"), MUL_TS),
        settings: { "gptOss.model.localPath": modelPath, "gptOss.completions.fimModelPath": fimModelPath, "gptOss.completions.debounceMs": 50 },
    },
    async ({ workbench, page, checkpoint }) => {
        await workbench.palette.run("gpt-oss: Load Model");
        await workbench.statusBar.waitForText(/^gpt-oss: ready/, { timeout: 120_000 });
        const tooltip = await workbench.statusBar.tooltipContaining(`Inline completions: ${FIM_NAME} (fill-in-the-middle)`);
        assert.doesNotMatch(tooltip, /Note: Inline completions use gpt-oss/);
        await checkpoint("tooltip names the FIM model");
        await page.mouse.move(0, 0);

        await typeReturnInMulBody(workbench, page);
        assert.equal(await waitForGhost(() => workbench.editor.ghostText(), (text) => text !== ""), "a + b;");
        await checkpoint("ghost text from the FIM model");
    },
);

/** Opens mul.ts and types "return " on the empty line of mul()'s body, where the ghost text appears. */
async function typeReturnInMulBody(workbench: Workbench, page: Page): Promise<void> {
    await workbench.explorer.openFile("mul.ts");
    await workbench.editor.focus();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await workbench.editor.type("return ");
}

async function waitForGhost(read: () => Promise<string>, done: (text: string) => boolean, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
        const last = await read();
        if (done(last)) return last;
        if (Date.now() > deadline) throw new Error(`ghost text stayed ${JSON.stringify(last)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
