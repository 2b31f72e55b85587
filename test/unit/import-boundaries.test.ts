// The import-boundary rule (scripts/lint/import-boundaries.mjs) with the boundaries eslint.config.mjs
// gives it: each crossing the architecture forbids is reported, and the imports each room needs
// are not. Run through ESLint's own Linter on source text with a file name in each room.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ESLint } from "eslint";
import { REPO_ROOT } from "../support/server-process.ts";

// The project's config, without the rules that need type information (these files exist only here).
const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfig: [{
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: false } },
        rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-misused-promises": "off" },
    }],
});

/** The boundary messages ESLint reports for `source` placed at `file` (repository-relative). */
async function crossings(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: path.join(REPO_ROOT, file) });
    return result!.messages.filter((message) => message.ruleId === "local/import-boundaries" || message.ruleId === "no-restricted-imports").map((message) => message.message);
}

test("the extension may not import the server, nor the server the extension", async () => {
    const fromExtension = await crossings("extension/completion/x.ts", `import { CompletionService } from "../../server/completion/completion-service.ts";\nexport const x = CompletionService;\n`);
    assert.equal(fromExtension.length, 1);
    assert.match(fromExtension[0]!, /extension\/completion\/x\.ts may not import server\/completion\/completion-service\.ts/);
    const fromServer = await crossings("server/x.ts", `import type { Ctx } from "../extension/ctx.ts";\nexport type X = Ctx;\n`);
    assert.equal(fromServer.length, 1);
    assert.deepEqual(await crossings("server/x.ts", `import { LoadRequest } from "../protocol/index.ts";\nexport const x = LoadRequest;\n`), []);
});

test("the webview reaches only protocol/webview.ts, and no Node built-in", async () => {
    assert.deepEqual(await crossings("webview/x.ts", `import { ToWebview } from "../protocol/webview.ts";\nexport const x = ToWebview;\n`), []);
    assert.equal((await crossings("webview/x.ts", `import { LoadRequest } from "../protocol/model.ts";\nexport const x = LoadRequest;\n`)).length, 1);
    assert.equal((await crossings("webview/x.ts", `import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n`)).length, 1);
});

test("the engine does not import completion, chat or agent; they import the engine", async () => {
    assert.equal((await crossings("server/engine/remote/x.ts", `import { postProcess } from "../../completion/post-process.ts";\nexport const x = postProcess;\n`)).length, 1);
    assert.equal((await crossings("server/engine/x.ts", `export { runAgent } from "../agent/agent-loop.ts";\n`)).length, 1);
    assert.equal((await crossings("server/engine/x.ts", `export const load = () => import("../chat/workspace-chat.ts");\n`)).length, 1);
    assert.deepEqual(await crossings("server/completion/x.ts", `import { EngineError } from "../engine/engine-error.ts";\nexport const x = EngineError;\n`), []);
});
