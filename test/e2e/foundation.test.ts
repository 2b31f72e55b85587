// The foundation as a person meets it in VS Code: the extension activates, loads the
// synthetic model from the palette, shows its menu and its log, explains a bad model file
// without getting in the way of editing, and survives its language server being killed.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2eTest } from "./harness/e2e-test.ts";
import { waitUntil } from "./harness/wait.ts";

e2eTest("the extension activates on the fixture workspace", {}, async ({ workbench, checkpoint }) => {
    assert.equal(await workbench.statusBar.text(), "gpt-oss: not loaded");
    assert.deepEqual(await workbench.statusBar.icons(), ["circle-outline"]);
    await checkpoint("activated, status bar not loaded");
});

e2eTest("Load Model brings the status bar to ready on the synthetic model", { needsModel: true }, async ({ workbench, checkpoint }) => {
    const { seen } = await workbench.statusBar.watch(async () => {
        await workbench.palette.run("gpt-oss: Load Model");
        return workbench.statusBar.waitForText(/^gpt-oss: (ready|error)/, { timeout: 120_000 });
    });
    assert.equal(seen.at(-1), "gpt-oss: ready (CPU, 2048 ctx)", `status went ${seen.join(" → ")}`);
    await checkpoint("ready");

    await workbench.statusBar.click();
    const items = await workbench.quickInput.items();
    assert.ok(items.includes("Unload Model"), `menu: ${items.join(" | ")}`);
    assert.ok(items.includes("Reload Model"), `menu: ${items.join(" | ")}`);
    await checkpoint("menu when ready");
    await workbench.quickInput.select("Unload Model");
    await workbench.statusBar.waitForText(/^gpt-oss: not loaded$/);
    await checkpoint("unloaded");
});

e2eTest("clicking the status bar item opens its menu", {}, async ({ workbench, checkpoint }) => {
    await workbench.statusBar.click();
    const items = await workbench.quickInput.items();
    for (const expected of ["Load Model", "Choose Model", "Show Log", "Restart Server"]) {
        assert.ok(items.includes(expected), `"${expected}" missing from the menu: ${items.join(" | ")}`);
    }
    assert.ok(!items.includes("Unload Model"), "nothing is loaded, so nothing to unload");
    assert.equal(await workbench.quickInput.title(), "gpt-oss: not loaded");
    await checkpoint("status menu");
    await workbench.quickInput.dismiss();
});

e2eTest("gpt-oss: Show Log shows the server's log", {}, async ({ workbench, session, checkpoint }) => {
    // The server starts lazily; Restart Server starts it without needing a model.
    const pid = await session.startLanguageServer();
    await workbench.palette.run("gpt-oss: Show Log");
    await workbench.output.waitVisible();
    assert.equal(await workbench.output.channel(), "gpt-oss");
    const text = await workbench.output.waitForLine(new RegExp(`language server started \\(pid ${pid}\\b`));
    assert.match(text, /language server started/);
    await checkpoint("output channel gpt-oss with the server log");
});

e2eTest(
    "a corrupt GGUF shows a clear error and the editor keeps working",
    {
        prepareWorkspace: (workspace) => writeFileSync(join(workspace, "corrupt.gguf"), Buffer.from("this is not a GGUF file, just garbage bytes\n".repeat(64))),
        settingsFor: (_setup, profile) => ({ "gptOss.model.localPath": join(profile.workspace, "corrupt.gguf") }),
    },
    async ({ workbench, session, checkpoint }) => {
        await workbench.palette.run("gpt-oss: Load Model");
        // server/engine/model-file-check.ts: `${fileName} is not a valid GGUF model file (…)`
        const message = await workbench.notifications.waitFor(/corrupt\.gguf is not a valid GGUF model file/, { timeout: 60_000 });
        assert.match(message, /^gpt-oss: corrupt\.gguf is not a valid GGUF model file/);
        await workbench.statusBar.waitForText(/^gpt-oss: error$/);
        await checkpoint("corrupt model error");

        await workbench.explorer.openFile("a.ts");
        await workbench.editor.focus();
        await workbench.editor.goToEnd();
        await workbench.editor.type("// still editing\n");
        assert.match(await workbench.editor.text(), /\/\/ still editing/);
        await workbench.editor.save();
        const file = join(session.profile.workspace, "a.ts");
        // What counts is the file on disk, written by code-server's server process.
        await waitUntil(() => (/\/\/ still editing\n/.test(readFileSync(file, "utf8")) ? true : undefined), "a.ts saved with the typed line");
        await checkpoint("editor still works after the error");
    },
);

e2eTest("killing the language server shows the restart", {}, async ({ workbench, session, checkpoint }) => {
    const pid = await session.startLanguageServer();
    process.kill(pid, "SIGKILL");

    const message = await workbench.notifications.waitFor(/language server stopped unexpectedly/);
    assert.match(message, /restarting it/);
    await checkpoint("crash notification");
    const [restarted] = await waitUntil(() => {
        const pids = session.languageServerPids().filter((other) => other !== pid);
        return pids.length === 1 ? pids : undefined;
    }, "a new language server process");
    assert.notEqual(restarted, pid);
    await workbench.statusBar.waitForText(/^gpt-oss: not loaded$/);
    await checkpoint("server restarted, status back");
});

e2eTest("a crash with the model loaded restarts the server and loads the model again", { needsModel: true }, async ({ workbench, session, checkpoint }) => {
    await workbench.palette.run("gpt-oss: Load Model");
    await workbench.statusBar.waitForText(/^gpt-oss: ready/, { timeout: 120_000 });
    const [pid] = session.languageServerPids();
    assert.ok(pid, "no language server process");
    process.kill(pid, "SIGKILL");

    await workbench.notifications.waitFor(/language server stopped unexpectedly/);
    const seen = await workbench.statusBar.waitForSequence([/^gpt-oss: restarting$/, /^gpt-oss: ready \(CPU, 2048 ctx\)$/], { timeout: 120_000 });
    await checkpoint("ready again after the crash");
    assert.equal(session.languageServerPids().length, 1, `status went ${seen.join(" → ")}`);
});
