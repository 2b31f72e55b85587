// The text side of edit plans, on in-memory files: tolerant matching in its less common shapes,
// path normal forms, the retry message for the model and the unified diffs.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AnchorFailure, FilePlan } from "../../protocol/index.ts";
import { applyEditPlan, checkWorkspacePath, formatFailuresForModel, unifiedDiff, type FileSource } from "../../server/agent/edit-plan/index.ts";

function memory(files: Record<string, string>): FileSource & { reads: string[] } {
    const reads: string[] = [];
    return {
        reads,
        async read(path) {
            reads.push(path);
            return files[path] ?? null;
        },
    };
}

async function editOne(text: string, search: string, replace: string) {
    const files = memory({ "f.txt": text });
    return applyEditPlan({ summary: "", files: [{ action: "edit", path: "f.txt", edits: [{ search, replace }] }] }, files);
}

test("tab-indented file, search indented with 4 spaces: matched, replacement written with tabs", async () => {
    const text = "function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n";
    const result = await editOne(text, "    if (x) {\n        return 1;\n    }", "    if (x) {\n        log(x);\n        return 1;\n    }");
    assert.deepEqual(result.failures, []);
    assert.equal(result.changes[0]!.after, "function f() {\n\tif (x) {\n\t\tlog(x);\n\t\treturn 1;\n\t}\n}\n");
});

test("trailing spaces in the file do not stop a match; the first search line may start after the indentation", async () => {
    const text = "class A {\n    run() {   \n        go();\t\n    }\n}\n";
    const result = await editOne(text, "run() {\n        go();\n    }", "run() {\n        go();\n        stop();\n    }");
    assert.deepEqual(result.failures, []);
    assert.equal(result.changes[0]!.after, "class A {\n    run() {\n        go();\n        stop();\n    }\n}\n");
});

test("a search ending in a newline matches the last line of a file without one, and the file still has none", async () => {
    const result = await editOne("first\nlast line", "last line\n", "new last line\n");
    assert.deepEqual(result.failures, []);
    assert.equal(result.changes[0]!.after, "first\nnew last line");
});

test("an indentation-tolerant match found twice is ambiguous, not a guess", async () => {
    const result = await editOne("a() {\n    x();\n}\nb() {\n\tx();\n}\n", "x(); \n", "y();\n");
    assert.equal(result.failures[0]?.reason, "ambiguous");
    assert.match(result.failures[0]!.message, /occurs 2 times in f\.txt when indentation is ignored, at lines 2, 5/);
});

test("a mixed file: an exact match in its CRLF part keeps CRLF, the byte-order mark survives a rewrite", async () => {
    const exact = await editOne("a\r\nb\r\nc\nd\r\n", "b\r\nc", "B\r\nC");
    assert.equal(exact.changes[0]!.after, "a\r\nB\r\nC\nd\r\n");
    const files = memory({ "bom.txt": "\uFEFFone\r\ntwo\r\n" });
    const rewritten = await applyEditPlan({ summary: "", files: [{ action: "write", path: "bom.txt", content: "uno\ndos" }] }, files);
    assert.equal(rewritten.changes[0]!.after, "\uFEFFuno\r\ndos\r\n");
});

test("an empty file and a search text with nothing like it get plain answers", async () => {
    const empty = await editOne("", "anything", "x");
    assert.match(empty.failures[0]!.message, /The file is empty\.$/);
    const unrelated = await editOne("alpha\nbeta\n", "zzzz qqqq", "x");
    assert.match(unrelated.failures[0]!.message, /Nothing like it is in the file: read the file again before editing it\.$/);
});

test("a plan is checked without reading paths it refuses, and an identical rewrite is no change", async () => {
    const files = memory({ "a.txt": "same\n" });
    const result = await applyEditPlan({ summary: "", files: [{ action: "write", path: "a.txt", content: "same\n" }, { action: "delete", path: "/etc/passwd" }, { action: "rename", path: "a.txt", newPath: "./a.txt" }] }, files);
    assert.deepEqual(result.changes, []);
    assert.deepEqual(result.failures.map((failure) => failure.reason), ["outside-workspace"]);
    assert.deepEqual(files.reads, ["a.txt"]);
});

test("paths take one normal form; escapes, absolute paths and the folder itself are refused", () => {
    assert.deepEqual(checkWorkspacePath("src\\app\\main.ts"), { ok: true, path: "src/app/main.ts" });
    assert.deepEqual(checkWorkspacePath("./src/../lib//x.ts"), { ok: true, path: "lib/x.ts" });
    for (const bad of ["../x", "a/../../x", "/etc/passwd", "C:\\x", "c:/x", "\\\\server\\share\\x", ".", "src/..", "a\0b"]) {
        assert.equal(checkWorkspacePath(bad).ok, false, bad);
    }
});

test("the retry message groups failures by file with what matched and what to do", () => {
    const failures: AnchorFailure[] = [
        { path: "src/a.ts", entryIndex: 0, editIndex: 0, reason: "not-found", message: "Edit 1 of 2 (search text starting `foo()`) was not found in src/a.ts. Lines 1–2 of the search text match the file's lines 3–4, but its line 3 `x` differs from the file's line 5 `y`." },
        { path: "src/a.ts", entryIndex: 0, editIndex: 1, reason: "ambiguous", message: "Edit 2 of 2 occurs 2 times in src/a.ts, at lines 7, 9; it must occur exactly once." },
        { path: "../etc", entryIndex: 1, editIndex: null, reason: "outside-workspace", message: "The path \"../etc\" is not allowed." },
    ];
    assert.equal(
        formatFailuresForModel(failures),
        [
            "Your edit plan was not applied: it has 3 problems, and a plan is applied only as a whole. No file was changed.",
            "",
            "src/a.ts (entry 1 of the plan's files):",
            `- [not-found] ${failures[0]!.message}`,
            `- [ambiguous] ${failures[1]!.message}`,
            "  What to do: Read the file again and copy the search text exactly from it, whole lines, including indentation.",
            "  What to do: Add a few neighbouring lines to the search text so that it occurs exactly once.",
            "",
            "../etc (entry 2 of the plan's files):",
            `- [outside-workspace] ${failures[2]!.message}`,
            "  What to do: Use a path relative to the workspace folder, with \"/\" and without \"..\".",
            "",
            "Answer with the complete corrected edit plan: every file it changes, including those that had no problem.",
        ].join("\n"),
    );
});

test("unified diffs: a CRLF edit reads as plain lines; creations, deletions and renames have the usual headers", async () => {
    const plan: FilePlan[] = [
        { action: "edit", path: "win.py", edits: [{ search: "b = 2\n", replace: "b = 3\n" }] },
        { action: "write", path: "new.txt", content: "hello\n" },
        { action: "delete", path: "old.txt" },
        { action: "rename", path: "move.txt", newPath: "moved.txt" },
    ];
    const files = memory({ "win.py": "a = 1\r\nb = 2\r\nc = 3\r\n", "old.txt": "bye\n", "move.txt": "same\n" });
    const { changes, failures } = await applyEditPlan({ summary: "", files: plan }, files);
    assert.deepEqual(failures, []);
    const diffs = Object.fromEntries(changes.map((change) => [change.path, unifiedDiff(change)]));
    assert.equal(diffs["win.py"], "--- a/win.py\n+++ b/win.py\n@@ -1,3 +1,3 @@\n a = 1\n-b = 2\n+b = 3\n c = 3\n");
    assert.equal(diffs["new.txt"], "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,1 @@\n+hello\n");
    assert.equal(diffs["old.txt"], "--- a/old.txt\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-bye\n");
    assert.equal(diffs["move.txt"], "--- a/move.txt\n+++ b/moved.txt\n(renamed, content unchanged)\n");
});
