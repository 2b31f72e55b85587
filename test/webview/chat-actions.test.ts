// Code-block buttons, references, context chips and theme variables in real Chromium.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "./harness.ts";
import { chunk, emptyConversation, runningTurn } from "./fixtures.ts";

const ANSWER = "Change `src/app.ts:3` like this:\n\n```ts src/app.ts\nexport const answer = 42;\n```\n\nand see missing.ts:9.\n";

describe("chat webview: actions", () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    test("Copy, Insert and Apply post the block's code, never the reasoning", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Fix it"));
        await chat.deliver(chunk("t1", "analysis", "Maybe:\n```ts\nSECRET_ANALYSIS()\n```\n"));
        await chat.deliver(chunk("t1", "final", ANSWER));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: 10 });
        assert.equal(await page.locator(".reasoning .code-actions").count(), 0, "reasoning gets no code buttons");
        const actions = page.locator(".answer .code-actions");
        assert.equal(await actions.count(), 1);
        assert.equal(await actions.getAttribute("role"), "toolbar");
        await actions.getByRole("button", { name: "Copy" }).click();
        await actions.getByRole("button", { name: "Insert" }).click();
        await actions.getByRole("button", { name: "Apply" }).click();
        const posted = (await chat.posted()).filter((message) => ["copyCode", "insertCode", "applyCode"].includes(message.type));
        const code = "export const answer = 42;\n";
        assert.deepEqual(posted, [
            { type: "copyCode", code, language: "ts src/app.ts" },
            { type: "insertCode", code, language: "ts src/app.ts", turnId: "t1" },
            { type: "applyCode", code, language: "ts src/app.ts", turnId: "t1", index: 0 },
        ]);
        assert.ok(posted.every((message) => !JSON.stringify(message).includes("SECRET_ANALYSIS")));
        await chat.screenshot("code-block-actions");
    });

    test("path:line mentions become links; a missing one is marked and does not open", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Where?"));
        await chat.deliver(chunk("t1", "final", ANSWER));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        const links = page.locator("a.ref");
        assert.deepEqual(await links.allTextContents(), ["src/app.ts:3", "missing.ts:9"], "the fence's info string is not linked");
        await chat.deliver({
            type: "references", turnId: "t1", references: [
                { text: "src/app.ts:3", path: "src/app.ts", line: 3, status: "ok" },
                { text: "missing.ts:9", path: "missing.ts", line: 9, status: "missing-file" },
            ],
        });
        await links.nth(0).click();
        await links.nth(1).click({ force: true }); // aria-disabled: a user can still click it
        const opens = (await chat.posted()).filter((message) => message.type === "openReference");
        assert.deepEqual(opens, [{ type: "openReference", path: "src/app.ts", line: 3 }]);
        assert.equal(await links.nth(1).getAttribute("aria-disabled"), "true");
        assert.match(await links.nth(1).getAttribute("title") ?? "", /does not exist/);
        await chat.screenshot("references");
    });

    test("attach buttons post, chips show and remove", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await page.getByRole("button", { name: "+ Selection" }).click();
        await page.getByRole("button", { name: "+ File" }).click();
        await chat.deliver({ type: "attachments", items: [{ id: "a1", kind: "selection", label: "src/app.ts:1-4" }, { id: "a2", kind: "file", label: "src/app.ts" }] });
        assert.deepEqual(await page.locator(".chip").allTextContents(), ["src/app.ts:1-4×", "src/app.ts×"]);
        await chat.screenshot("chips");
        await page.getByRole("button", { name: "Remove src/app.ts:1-4" }).click();
        const posted = await chat.posted();
        assert.deepEqual(posted.filter((message) => message.type === "attach"), [{ type: "attach", kind: "selection" }, { type: "attach", kind: "file" }]);
        assert.deepEqual(posted.at(-1), { type: "removeAttachment", id: "a1" });
    });

    test("typing @ opens the mention picker; arrows and Enter pick, the text is not sent", async () => {
        const chat = await harness.open();
        const { page } = chat;
        await chat.deliver(emptyConversation());
        const input = page.locator("#input");
        await input.click();
        await page.keyboard.type("Explain @");
        const options = page.locator("#mentions").getByRole("option");
        assert.deepEqual(await options.allTextContents(), ["@file — the current file", "@selection — the editor selection", "@problems — errors and warnings"]);
        await chat.screenshot("mention-picker");
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("Enter");
        assert.equal(await input.inputValue(), "Explain @selection ");
        assert.equal(await page.locator("#mentions").isVisible(), false);
        await page.keyboard.type("and @pro");
        assert.deepEqual(await options.allTextContents(), ["@problems — errors and warnings"]);
        await page.keyboard.press("Tab");
        assert.equal(await input.inputValue(), "Explain @selection and @problems ");
        assert.equal((await chat.posted()).some((message) => message.type === "send"), false);
        await page.keyboard.press("Enter");
        assert.deepEqual((await chat.posted()).at(-1), { type: "send", text: "Explain @selection and @problems", effort: "medium" });
    });

    test("the view takes its colours from VS Code's theme variables", async () => {
        const chat = await harness.open("light");
        const { page } = chat;
        await chat.deliver(emptyConversation());
        await chat.deliver(runningTurn("t1", "Theme?"));
        await chat.deliver(chunk("t1", "final", ANSWER));
        await chat.deliver({ type: "turnEnded", turnId: "t1", state: "done", reasoningMs: null });
        await chat.screenshot("theme-light");
        const colour = (selector: string, property: string): Promise<string> =>
            page.locator(selector).first().evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
        assert.equal(await colour("body", "background-color"), "rgb(248, 248, 248)");
        await chat.setTheme({ "--vscode-button-background": "rgb(1, 2, 3)", "--vscode-foreground": "rgb(4, 5, 6)", "--vscode-sideBar-background": "rgb(7, 8, 9)" });
        assert.equal(await colour("#send", "background-color"), "rgb(1, 2, 3)");
        assert.equal(await colour("body", "color"), "rgb(4, 5, 6)");
        assert.equal(await colour("body", "background-color"), "rgb(7, 8, 9)");
        await chat.setTheme("dark");
        await chat.screenshot("theme-dark");
        assert.equal(await colour("body", "background-color"), "rgb(24, 24, 24)");
    });
});
