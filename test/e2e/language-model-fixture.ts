// What the language-model companion cases (test/e2e-companion/cases/language-model.js) need from
// the harness: the scripted gpt-oss they talk to, and a person's click on the confirmation VS Code
// shows before our sandbox tool runs (vscode.lm.invokeTool outside a chat asks in a modal dialog).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { e2eCache, repoRoot } from "./harness/paths.ts";
import { Dialog } from "./pages/dialog.ts";

interface ToolContribution { name: string; modelDescription: string; inputSchema: object }
export interface LanguageModelScript {
    TOOL_NAME: string;
    INPUT: { language: string; code: string };
    SCRIPTS: Array<{ trigger: string; output: string; follows?: boolean }>;
    promptTexts(tool: ToolContribution): string[];
}

export const languageModelScript = createRequire(import.meta.url)("../e2e-companion/language-model-script.js") as LanguageModelScript;

/** Settings that point the profile at the scripted model (made once, then cached by its options). */
export async function languageModelSettings(): Promise<Record<string, unknown>> {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { contributes: { languageModelTools: ToolContribution[] } };
    const tool = manifest.contributes.languageModelTools.find((candidate) => candidate.name === languageModelScript.TOOL_NAME);
    if (!tool) throw new Error(`package.json declares no languageModelTools entry named ${languageModelScript.TOOL_NAME}`);
    const model = await createScriptedModel({
        scripts: languageModelScript.SCRIPTS, promptTexts: languageModelScript.promptTexts(tool), dir: join(e2eCache, "models"),
    });
    return { "gptOss.model.localPath": model };
}

export interface Confirmations {
    /** Message and detail of every confirmation seen and confirmed so far, in order. */
    shown: Array<{ message: string; detail: string }>;
}

/**
 * Confirms the sandbox tool's dialog each time it appears (in the background, until `timeout`
 * passes without one or the page closes), with a screenshot of the first. Never rejects: a case
 * that never got as far as the tool shows in the TAP instead.
 */
export function confirmSandboxRuns(page: Page, checkpoint: (label: string) => Promise<string>, timeout: number): Confirmations {
    const confirmations: Confirmations = { shown: [] };
    const dialog = new Dialog(page);
    const title = new RegExp(`Run this ${languageModelScript.INPUT.language} code\\?`);
    void (async () => {
        for (;;) {
            const shown = await dialog.waitFor(title, { timeout });
            if (confirmations.shown.length === 0) await checkpoint("sandbox tool confirmation with the code");
            await dialog.click("Yes");
            confirmations.shown.push(shown);
        }
    })().catch(() => undefined);
    return confirmations;
}
