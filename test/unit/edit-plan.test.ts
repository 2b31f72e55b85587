// applyEditPlan on real source files: a TypeScript file, a Python file with CRLF line endings
// and a Markdown file full of emoji and combining marks, copied to a temporary workspace for
// each test. Every test ends by checking that nothing on disk changed: the module only reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EditPlan, FilePlan, OpenBuffer } from "../../protocol/index.ts";
import { applyEditPlan, diskFileSource, formatFailuresForModel, type EditPlanResult } from "../../server/agent/edit-plan/index.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/edit-plan/", import.meta.url));

interface Workspace {
    root: string;
    /** A folder beside the workspace, for escape attempts. */
    outside: string;
    original(relative: string): Promise<string>;
    apply(...files: FilePlan[]): Promise<EditPlanResult>;
    applyWithBuffers(buffers: OpenBuffer[], ...files: FilePlan[]): Promise<EditPlanResult>;
}

/** Every entry under `folder`: bytes, kind, link target and modification time. */
async function snapshot(folder: string, into = new Map<string, string>(), prefix = ""): Promise<Map<string, string>> {
    for (const name of (await readdir(folder)).sort()) {
        const full = path.join(folder, name);
        const info = await lstat(full);
        const key = prefix + name;
        if (info.isSymbolicLink()) into.set(key, `link to ${await readlink(full)} @${info.mtimeMs}`);
        else if (info.isDirectory()) await snapshot(full, into.set(key, `folder @${info.mtimeMs}`), `${key}/`);
        else into.set(key, `${(await readFile(full)).toString("base64")} @${info.mtimeMs}`);
    }
    return into;
}

/** Runs `body` on a fresh copy of the fixtures, then checks that nothing under it changed. */
async function withWorkspace(body: (workspace: Workspace) => Promise<void>, prepare?: (root: string, outside: string) => Promise<void>): Promise<void> {
    const base = await mkdtemp(path.join(tmpdir(), "gptoss-edit-plan-"));
    const root = path.join(base, "root");
    const outside = path.join(base, "outside");
    await cp(FIXTURES, root, { recursive: true });
    await cp(FIXTURES, outside, { recursive: true });
    const plan = (files: FilePlan[]): EditPlan => ({ summary: "test plan", files });
    try {
        await prepare?.(root, outside);
        const before = await snapshot(base);
        await body({
            root,
            outside,
            original: (relative) => readFile(path.join(root, relative), "utf8"),
            apply: (...files) => applyEditPlan(plan(files), diskFileSource(root)),
            applyWithBuffers: (buffers, ...files) => applyEditPlan(plan(files), diskFileSource(root, buffers)),
        });
        assert.deepEqual(await snapshot(base), before, "the edit-plan module changed something on disk");
    } finally {
        await rm(base, { recursive: true, force: true });
    }
}

const TS = "calculator.ts";
const PY = "inventory.py";
const MD = "greetings.md";

test("fixtures are what the tests rely on: CRLF Python, LF TypeScript, decomposed é and emoji", async () => {
    const python = await readFile(path.join(FIXTURES, PY), "utf8");
    assert.equal(python.split("\r\n").length, 26, "inventory.py must keep its CRLF line endings (see .gitattributes)");
    assert.ok(!/[^\r]\n/.test(python));
    assert.ok(!(await readFile(path.join(FIXTURES, TS), "utf8")).includes("\r"));
    const markdown = await readFile(path.join(FIXTURES, MD), "utf8");
    assert.ok(markdown.includes("Cafe\u0301") && markdown.includes("👨‍👩‍👧"));
});

test("several edits of one file apply together, each found in the original text", async () => {
    await withWorkspace(async (workspace) => {
        const before = await workspace.original(TS);
        const result = await workspace.apply({
            action: "edit",
            path: TS,
            edits: [
                { search: '    last(): Entry | undefined {\n        return this.history.at(-1);\n    }\n', replace: '    last(): Entry | undefined {\n        return this.history.at(-1);\n    }\n\n    clear(): void {\n        this.history.length = 0;\n    }\n' },
                { search: '"division by zero"', replace: '"cannot divide by zero"' },
                { search: 'return this.record("add", left, right, left + right);', replace: 'const sum = left + right;\n        return this.record("add", left, right, sum);' },
            ],
        });
        assert.deepEqual(result.failures, []);
        const expected = before
            .replace("        return this.history.at(-1);\n    }\n", "        return this.history.at(-1);\n    }\n\n    clear(): void {\n        this.history.length = 0;\n    }\n")
            .replace('"division by zero"', '"cannot divide by zero"')
            .replace('return this.record("add", left, right, left + right);', 'const sum = left + right;\n        return this.record("add", left, right, sum);');
        assert.notEqual(expected, before);
        assert.deepEqual(result.changes, [{ path: TS, kind: "modify", before, after: expected }]);
    });
});

test("an edit cannot anchor on text that another edit of the same entry writes", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply({
            action: "edit",
            path: TS,
            edits: [
                { search: "left + right);", replace: "sum);" },
                { search: '"add", left, right, sum);', replace: '"plus", left, right, sum);' },
            ],
        });
        assert.deepEqual(result.failures.map((failure) => [failure.reason, failure.editIndex]), [["not-found", 1]]);
        assert.deepEqual(result.changes, [], "an entry with a failing edit changes nothing");
    });
});

test("two entries for one file: the failure names the entry, and the retry message keeps them apart", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply(
            { action: "edit", path: TS, edits: [{ search: "left + right);", replace: "sum);" }] },
            { action: "write", path: "notes/todo.md", content: "- check division\n" },
            { action: "edit", path: TS, edits: [{ search: "this line is in no file", replace: "" }] },
        );
        assert.deepEqual(result.failures.map((failure) => [failure.path, failure.entryIndex, failure.editIndex, failure.reason]), [[TS, 2, 0, "not-found"]]);
        const message = formatFailuresForModel(result.failures);
        assert.match(message, /^calculator\.ts \(entry 3 of the plan's files\):$/m);
        assert.doesNotMatch(message, /entry 1 of/, "the entry that applied is not blamed");
    });
});

test("overlapping edits are refused with the line they share; other files are still computed to be shown", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply(
            {
                action: "edit",
                path: TS,
                edits: [
                    { search: "    divide(left: number, right: number): number {\n        if (right === 0) {", replace: "    divide(a: number, b: number): number {\n        if (b === 0) {" },
                    { search: "        if (right === 0) {\n            throw", replace: "        if (!right) {\n            throw" },
                ],
            },
            { action: "write", path: "notes/todo.md", content: "- check division\n" },
        );
        assert.equal(result.failures.length, 1);
        const [failure] = result.failures;
        assert.equal(failure!.reason, "overlap");
        assert.equal(failure!.editIndex, 1);
        assert.equal(failure!.path, TS);
        assert.match(failure!.message, /Edit 2 of 2 in calculator\.ts changes text that edit 1 also changes \(line 27\)/);
        assert.deepEqual(result.changes, [{ path: "notes/todo.md", kind: "create", before: null, after: "- check division\n" }]);
    });
});

test("not found: the message names the lines that did match and the first line that differs", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply({
            action: "edit",
            path: TS,
            edits: [{ search: '    divide(left: number, right: number): number {\n        if (right === 0) {\n            throw new Error("division by zero");\n        }', replace: "" }],
        });
        assert.equal(result.failures.length, 1);
        const [failure] = result.failures;
        assert.equal(failure!.reason, "not-found");
        assert.equal(failure!.editIndex, 0);
        assert.match(failure!.message, /^Edit 1 of 1 \(search text starting `divide\(left: number, right: number\): number \{`\) was not found in calculator\.ts\./);
        assert.ok(
            failure!.message.includes("Lines 1–2 of the search text match the file's lines 26–27, but its line 3 `            throw new Error(\"division by zero\");` differs from the file's line 28 `            throw new RangeError(\"division by zero\");`."),
            failure!.message,
        );
    });
});

test("not found: a match with different spacing inside the line, the longest found beginning, the closest line", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply({
            action: "edit",
            path: TS,
            edits: [
                { search: "if (right===0) {", replace: "if (!right) {" },
                { search: 'throw new RangeError("divide by zero");', replace: "" },
                { search: "histroy.push(entry);", replace: "" },
            ],
        });
        const messages = result.failures.map((failure) => failure.message);
        assert.equal(messages.length, 3);
        assert.ok(messages[0]!.includes("It does match line 27 when spaces, tabs and line breaks are ignored"), messages[0]);
        assert.ok(messages[1]!.includes('Its beginning `throw new RangeError("divi` is found at line 28; after it the file has `sion by zero");` where the search text has `de by zero");`.'), messages[1]);
        assert.ok(messages[2]!.includes("the line most like its first line `histroy.push(entry);` is line 38: `this.history.push({ operation, left, right, result });`"), messages[2]);
    });
});

test("ambiguous: the message lists the line of every occurrence", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply({ action: "edit", path: TS, edits: [{ search: "left: number, right: number): number {", replace: "a: number, b: number): number {" }] });
        assert.equal(result.failures.length, 1);
        assert.equal(result.failures[0]!.reason, "ambiguous");
        assert.ok(result.failures[0]!.message.includes("occurs 4 times in calculator.ts, at lines 14, 18, 22, 26; it must occur exactly once."), result.failures[0]!.message);
        assert.deepEqual(result.changes, []);
    });
});

test("a search text indented with 2 spaces matches the 4-space file, and its replacement is re-indented to match", async () => {
    await withWorkspace(async (workspace) => {
        const before = await workspace.original(TS);
        const result = await workspace.apply({
            action: "edit",
            path: TS,
            edits: [
                {
                    search: '  divide(left: number, right: number): number {\n    if (right === 0) {\n      throw new RangeError("division by zero");\n    }\n',
                    replace: '  divide(left: number, right: number): number {\n    if (right === 0 || Number.isNaN(right)) {\n      throw new RangeError("division by zero or NaN");\n    }\n',
                },
                // One level short, the way a model quotes a method without its class.
                { search: "last(): Entry | undefined {\n    return this.history.at(-1);\n}", replace: "last(): Entry | undefined {\n    return this.history[this.history.length - 1];\n}" },
            ],
        });
        assert.deepEqual(result.failures, []);
        const expected = before
            .replace('        if (right === 0) {\n            throw new RangeError("division by zero");', '        if (right === 0 || Number.isNaN(right)) {\n            throw new RangeError("division by zero or NaN");')
            .replace("        return this.history.at(-1);", "        return this.history[this.history.length - 1];");
        assert.equal(result.changes[0]?.after, expected);
    });
});

test("CRLF: a search written with LF matches, the replacement is written with CRLF, the final newline is kept", async () => {
    await withWorkspace(async (workspace) => {
        const before = await workspace.original(PY);
        const result = await workspace.apply(
            {
                action: "edit",
                path: PY,
                edits: [
                    { search: "        if item.quantity < 5:\n            item.quantity += amount\n", replace: "        if item.quantity < threshold:\n            item.quantity += amount\n            item.restocked = True\n" },
                    { search: "def restock(items: list[Item], amount: int) -> None:", replace: "def restock(items: list[Item], amount: int, threshold: int = 5) -> None:" },
                    // Starts and ends inside lines: only the CRLF-as-LF comparison finds it.
                    { search: 'lines = []\n    for item in items:\n        lines.append(f"{item.name}: ', replace: 'lines: list[str] = []\n    for item in sorted(items, key=lambda item: item.name):\n        lines.append(f"{item.name} - ' },
                    // The last line of the file, replaced without its newline.
                    { search: '    return "\\n".join(lines)\r\n', replace: '    return "\\n".join(sorted(lines))' },
                ],
            },
            { action: "write", path: "build.py", content: "print('new file keeps its own LF')\n" },
        );
        assert.deepEqual(result.failures, []);
        const after = result.changes.find((change) => change.path === PY)?.after ?? "";
        const expected = before
            .replace("if item.quantity < 5:\r\n            item.quantity += amount\r\n", "if item.quantity < threshold:\r\n            item.quantity += amount\r\n            item.restocked = True\r\n")
            .replace("amount: int) -> None:", "amount: int, threshold: int = 5) -> None:")
            .replace('lines = []\r\n    for item in items:\r\n        lines.append(f"{item.name}: ', 'lines: list[str] = []\r\n    for item in sorted(items, key=lambda item: item.name):\r\n        lines.append(f"{item.name} - ')
            .replace('return "\\n".join(lines)', 'return "\\n".join(sorted(lines))');
        assert.equal(after, expected);
        assert.ok(after.endsWith("(sorted(lines))\r\n"));
        assert.ok(!/[^\r]\n/.test(after), "every line break stays CRLF");
        assert.equal(result.changes.find((change) => change.path === "build.py")?.after, "print('new file keeps its own LF')\n");
    });
});

test("CRLF: writing a whole file with LF content keeps the file's CRLF and its final newline", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply({ action: "write", path: PY, content: "import sys\n\nprint(sys.argv)" });
        assert.deepEqual(result.failures, []);
        assert.deepEqual(result.changes, [{ path: PY, kind: "modify", before: await workspace.original(PY), after: "import sys\r\n\r\nprint(sys.argv)\r\n" }]);
    });
});

test("unicode: astral characters and emoji survive an edit, and no match cuts a character in two", async () => {
    await withWorkspace(async (workspace) => {
        const before = await workspace.original(MD);
        const applied = await workspace.apply({
            action: "edit",
            path: MD,
            edits: [
                { search: "𝑥² + 1", replace: "𝑥² + 2 🎉" },
                { search: "Grüße aus Köln.", replace: "Grüße aus Köln 🍺." },
            ],
        });
        assert.deepEqual(applied.failures, []);
        const after = applied.changes[0]?.after ?? "";
        assert.equal(after, before.replace("𝑥² + 1", "𝑥² + 2 🎉").replace("Grüße aus Köln.", "Grüße aus Köln 🍺."));
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(after), "no lone surrogate");

        // "Cafe" stops before the combining accent of "é"; "👨" is one person of the family emoji;
        // half of a surrogate pair is half of "👋".
        const split = await workspace.apply({
            action: "edit",
            path: MD,
            edits: [
                { search: "Cafe", replace: "Tea" },
                { search: "👨", replace: "🧑" },
                { search: "world! \uD83D", replace: "world! " },
            ],
        });
        assert.deepEqual(split.failures.map((failure) => failure.reason), ["not-found", "not-found", "not-found"]);
        assert.deepEqual(split.changes, []);

        const whole = await workspace.apply({ action: "edit", path: MD, edits: [{ search: "Cafe\u0301 crème", replace: "Thé" }, { search: "👨‍👩‍👧", replace: "🧑‍🧑‍🧒" }] });
        assert.deepEqual(whole.failures, []);
        assert.ok(whole.changes[0]!.after!.includes("Français: Thé, s'il vous plaît.") && whole.changes[0]!.after!.includes("Family: 🧑‍🧑‍🧒 and flags"));
    });
});

test("write creates a missing file and modifies an existing one; delete and rename; missing and existing paths fail", async () => {
    await withWorkspace(async (workspace) => {
        const ts = await workspace.original(TS);
        const md = await workspace.original(MD);
        const py = await workspace.original(PY);
        const result = await workspace.apply(
            { action: "write", path: "src/new.ts", content: "export const answer = 42;\n" },
            { action: "write", path: MD, content: "# Short\n" },
            { action: "delete", path: PY },
            { action: "rename", path: TS, newPath: "src/calc.ts" },
        );
        assert.deepEqual(result.failures, []);
        assert.deepEqual(result.changes, [
            { path: PY, kind: "delete", before: py, after: null },
            { path: TS, kind: "rename", newPath: "src/calc.ts", before: ts, after: ts },
            { path: MD, kind: "modify", before: md, after: "# Short\n" },
            { path: "src/new.ts", kind: "create", before: null, after: "export const answer = 42;\n" },
        ]);

        const refused = await workspace.apply(
            { action: "delete", path: "gone.ts" },
            { action: "rename", path: TS, newPath: MD },
            { action: "rename", path: "missing.ts", newPath: "elsewhere.ts" },
            { action: "edit", path: "nowhere.ts", edits: [{ search: "a", replace: "b" }] },
        );
        assert.deepEqual(refused.failures.map((failure) => [failure.path, failure.reason]), [
            ["gone.ts", "missing-file"],
            [TS, "exists"],
            ["missing.ts", "missing-file"],
            ["nowhere.ts", "missing-file"],
        ]);
        assert.deepEqual(refused.changes, []);
    });
});

test("entries for the same path apply in order; the end state is one change per file", async () => {
    await withWorkspace(async (workspace) => {
        const ts = await workspace.original(TS);
        const merged = await workspace.apply(
            { action: "edit", path: TS, edits: [{ search: '"division by zero"', replace: '"no zero divisor"' }] },
            { action: "rename", path: TS, newPath: "lib/calculator.ts" },
            { action: "edit", path: "lib/calculator.ts", edits: [{ search: '"no zero divisor"', replace: '"zero divisor"' }] },
            { action: "write", path: "scratch.txt", content: "temporary" },
            { action: "delete", path: "scratch.txt" },
        );
        assert.deepEqual(merged.failures, []);
        assert.deepEqual(merged.changes, [{ path: TS, kind: "rename", newPath: "lib/calculator.ts", before: ts, after: ts.replace('"division by zero"', '"zero divisor"') }]);

        const conflicting = await workspace.apply(
            { action: "delete", path: MD },
            { action: "edit", path: MD, edits: [{ search: "Hello", replace: "Hi" }] },
            { action: "edit", path: TS, edits: [{ search: "left + right", replace: "right + left" }] },
            { action: "edit", path: TS, edits: [{ search: "left + right", replace: "sum" }] },
        );
        assert.deepEqual(conflicting.failures.map((failure) => [failure.path, failure.reason]), [[MD, "conflict"], [TS, "not-found"]]);
        assert.match(conflicting.failures[1]!.message, /It does match line 15 of the file as it was before an earlier entry of this plan changed it/);
    });
});

test("files swapping paths through renames are a conflict, not a change list that cannot be applied", async () => {
    await withWorkspace(async (workspace) => {
        const result = await workspace.apply(
            { action: "rename", path: TS, newPath: "tmp.ts" },
            { action: "rename", path: MD, newPath: TS },
            { action: "rename", path: "tmp.ts", newPath: MD },
        );
        assert.deepEqual(result.failures.map((failure) => failure.reason), ["conflict", "conflict"]);
    });
});

test("an unsaved editor buffer is edited instead of the file on disk", async () => {
    await withWorkspace(async (workspace) => {
        const buffer = (await workspace.original(TS)).replace("export class Calculator {", "export class UnsavedCalculator {");
        const result = await workspace.applyWithBuffers(
            [{ path: `./${TS}`, text: buffer }],
            { action: "edit", path: TS, edits: [{ search: "export class UnsavedCalculator {", replace: "export class SavedCalculator {" }] },
        );
        assert.deepEqual(result.failures, []);
        assert.deepEqual(result.changes, [{ path: TS, kind: "modify", before: buffer, after: buffer.replace("UnsavedCalculator", "SavedCalculator") }]);

        const diskOnly = await workspace.applyWithBuffers([{ path: TS, text: buffer }], { action: "edit", path: TS, edits: [{ search: "export class Calculator {", replace: "x" }] });
        assert.deepEqual(diskOnly.failures.map((failure) => failure.reason), ["not-found"]);
    });
});

test("paths out of the workspace are refused: .., absolute, Windows, and symbolic links", async () => {
    await withWorkspace(
        async (workspace) => {
            const result = await workspace.apply(
                { action: "edit", path: `../outside/${TS}`, edits: [{ search: "export class Calculator {", replace: "pwned" }] },
                { action: "write", path: "src/../../outside/new.txt", content: "pwned" },
                { action: "write", path: path.join(workspace.outside, "abs.txt"), content: "pwned" },
                { action: "delete", path: "..\\outside\\inventory.py" },
                { action: "write", path: "C:\\Windows\\win.ini", content: "pwned" },
                { action: "edit", path: "link-to-file.ts", edits: [{ search: "export class Calculator {", replace: "pwned" }] },
                { action: "write", path: "linked-folder/new.txt", content: "pwned" },
                { action: "write", path: "dangling.txt", content: "pwned" },
                { action: "rename", path: TS, newPath: "linked-folder/calculator.ts" },
            );
            assert.deepEqual(result.changes, []);
            assert.deepEqual(result.failures.map((failure) => failure.reason), Array(9).fill("outside-workspace"));
            assert.deepEqual(result.failures.map((failure) => failure.path), [
                `../outside/${TS}`,
                "src/../../outside/new.txt",
                path.join(workspace.outside, "abs.txt"),
                "..\\outside\\inventory.py",
                "C:\\Windows\\win.ini",
                "link-to-file.ts",
                "linked-folder/new.txt",
                "dangling.txt",
                "linked-folder/calculator.ts",
            ]);
            // An unsaved buffer does not make a linked-out file editable either.
            const buffered = await workspace.applyWithBuffers([{ path: "link-to-file.ts", text: "x" }], { action: "write", path: "link-to-file.ts", content: "y" });
            assert.deepEqual(buffered.failures.map((failure) => failure.reason), ["outside-workspace"]);
        },
        async (root, outside) => {
            await symlink(path.join(outside, TS), path.join(root, "link-to-file.ts"));
            await symlink(outside, path.join(root, "linked-folder"));
            await symlink(path.join(outside, "not-there-yet.txt"), path.join(root, "dangling.txt"));
            // A link that stays inside is fine and must not be refused.
            await mkdir(path.join(root, "src"));
            await symlink(path.join(root, TS), path.join(root, "src", "alias.ts"));
        },
    );
});

test("a symbolic link that stays inside the workspace and a file under a new folder are allowed", async () => {
    await withWorkspace(
        async (workspace) => {
            const result = await workspace.apply(
                { action: "edit", path: "src/alias.ts", edits: [{ search: "export class Calculator {", replace: "export class Alias {" }] },
                { action: "write", path: "deep/new/folder/file.txt", content: "ok\n" },
            );
            assert.deepEqual(result.failures, []);
            assert.deepEqual(result.changes.map((change) => [change.path, change.kind]), [["src/alias.ts", "modify"], ["deep/new/folder/file.txt", "create"]]);
        },
        async (root) => {
            await mkdir(path.join(root, "src"));
            await symlink(path.join(root, TS), path.join(root, "src", "alias.ts"));
        },
    );
});
