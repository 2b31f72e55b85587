// What the model sees when it lists and searches a workspace: git's ignore rules at every depth
// (a nested .gitignore, a "!" that re-includes, a folder pattern), dependency folders skipped,
// unsaved editor text searched instead of the disk, and no way out of the folder. The workspace
// is a real folder tree in a temporary directory; the answers are the tools' own text.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AgentWorkspace } from "../../server/agent/workspace.ts";
import { listFilesTool, searchTool } from "../../server/agent/tools/workspace-tools.ts";
import { ToolError, type ToolContext } from "../../server/agent/tool.ts";

const FILES: Record<string, string> = {
    ".gitignore": "*.log\nbuild/\n",
    "README.md": "# demo\n",
    "debug.log": "needle in a log\n",
    "src/app.ts": "export const needle = 1;\n",
    "src/build/keep.ts": "// under a folder named build: ignored by the root's build/\n",
    "packages/web/.gitignore": "generated/\n*.snap\n!keep.snap\n",
    "packages/web/index.ts": "import { needle } from './needle';\n",
    "packages/web/generated/api.ts": "export const needle = 'generated';\n",
    "packages/web/a.snap": "needle snapshot\n",
    "packages/web/keep.snap": "needle kept snapshot\n",
    "packages/web/trace.log": "ignored by the root's *.log, two levels up\n",
    "packages/api/generated/schema.ts": "// the nested rule is web's alone: this one is listed\n",
    "packages/api/.gitignore": "!important.log\n",
    "packages/api/important.log": "re-included below the root's *.log\n",
    "node_modules/dep/index.js": "module.exports = 'needle';\n",
};

let root = "";
let outside = "";
const context: ToolContext = { signal: new AbortController().signal, report: () => undefined, trusted: true };

before(async () => {
    const base = await mkdtemp(path.join(tmpdir(), "agent-workspace-"));
    root = path.join(base, "workspace");
    outside = path.join(base, "outside");
    for (const [file, text] of Object.entries(FILES)) {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true });
        await writeFile(path.join(root, file), text);
    }
    await mkdir(outside);
    await writeFile(path.join(outside, "secret.txt"), "needle outside\n");
    await symlink(outside, path.join(root, "escape"));
});
after(() => rm(path.dirname(root), { recursive: true, force: true }));

function listed(answer: string): string[] {
    return answer.split("\n").slice(1);
}

describe("list_files", () => {
    test("follows .gitignore files at every depth, like git", async () => {
        const answer = await listFilesTool(new AgentWorkspace(root)).run({}, context);
        // A folder's files come before its subfolders, both in name order.
        assert.deepEqual(listed(answer), [
            ".gitignore",
            "README.md",
            "packages/api/.gitignore",
            "packages/api/important.log",
            "packages/api/generated/schema.ts",
            "packages/web/.gitignore",
            "packages/web/index.ts",
            "packages/web/keep.snap",
            "src/app.ts",
        ]);
        assert.match(answer, /^9 files:/);
    });

    test("a subfolder is listed under the rules of the folders above it", async () => {
        const answer = await listFilesTool(new AgentWorkspace(root)).run({ path: "packages/web" }, context);
        assert.deepEqual(listed(answer), ["packages/web/.gitignore", "packages/web/index.ts", "packages/web/keep.snap"]);
    });

    test("a path that leaves the workspace is refused", async () => {
        await assert.rejects(listFilesTool(new AgentWorkspace(root)).run({ path: "../outside" }, context), ToolError);
        await assert.rejects(listFilesTool(new AgentWorkspace(root)).run({ path: "escape" }, context), /leads outside the workspace/);
    });
});

describe("search", () => {
    test("finds matches only in files that are not ignored, reading unsaved buffers first", async () => {
        const workspace = new AgentWorkspace(root, [{ path: "README.md", text: "# demo\nunsaved needle\n" }]);
        const answer = await searchTool(workspace).run({ query: "needle" }, context);
        assert.equal(answer, [
            "4 matches:",
            "README.md:2: unsaved needle",
            "packages/web/index.ts:1: import { needle } from './needle';",
            "packages/web/keep.snap:1: needle kept snapshot",
            "src/app.ts:1: export const needle = 1;",
        ].join("\n"));
    });
});
