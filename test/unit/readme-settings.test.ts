// README.md's settings table is the user's list of settings: every setting package.json declares
// has its row there (with the default package.json gives it), and the table names none that does not exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../support/server-process.ts";

const properties = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
}).contributes.configuration.properties;

function settingsTable(): Map<string, string> {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.split(/^## /m).find((part) => part.startsWith("Settings\n"));
    assert.ok(section, "README.md has a Settings section");
    const rows = new Map<string, string>();
    for (const line of section.split("\n")) {
        const match = /^\| `(gptOss\.[\w.]+)` \| ([^|]*) \|/.exec(line);
        if (match) rows.set(match[1]!, match[2]!.trim());
    }
    return rows;
}

test("every setting in package.json has a row in README.md's settings table, with its default", () => {
    const rows = settingsTable();
    for (const [key, declared] of Object.entries(properties)) {
        assert.ok(rows.has(key), `${key} is missing from README.md's settings table`);
        const shown = rows.get(key)!;
        const expected = declared.default === "" ? "empty" : `\`${JSON.stringify(declared.default)}\``;
        if (typeof declared.default !== "object" || declared.default === null) assert.equal(shown.replace(/`"(.*)"`/, "`$1`"), expected.replace(/`"(.*)"`/, "`$1`"), `${key}'s default`);
    }
});

test("README.md's settings table names only settings that exist", () => {
    for (const key of settingsTable().keys()) assert.ok(key in properties, `${key} is in README.md but not in package.json`);
});
