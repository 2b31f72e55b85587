// When one of the user's tools asks before it runs: a tool that may change things asks every
// time, unless the user chose "always allow" for that tool (saved, or earlier in this task);
// read-only tools (MCP readOnlyHint, or marked by the user) never ask.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isReadOnly, needsApproval } from "../../server/agent/tools/mcp/approval-rules.ts";

const write = { id: "mcp:git/git_commit", readOnlyHint: false };
const read = { id: "mcp:git/git_log", readOnlyHint: true };
const none = { alwaysAllow: [], readOnly: [] };

describe("approval rules for the user's tools", () => {
    test("a tool that can change things asks; a read-only one does not", () => {
        assert.equal(needsApproval(write, none, new Set()), true);
        assert.equal(needsApproval(read, none, new Set()), false);
    });

    test("always allow covers only the tool it was chosen for", () => {
        assert.equal(needsApproval(write, { alwaysAllow: ["mcp:git/git_commit"], readOnly: [] }, new Set()), false);
        assert.equal(needsApproval(write, { alwaysAllow: ["mcp:git/git_push"], readOnly: [] }, new Set()), true);
        assert.equal(needsApproval(write, none, new Set(["mcp:git/git_commit"])), false);
    });

    test("the user may mark a tool read-only; an lm tool has no hint and asks until then", () => {
        const lm = { id: "lm:companion_note", readOnlyHint: false };
        assert.equal(isReadOnly(lm, none), false);
        assert.equal(needsApproval(lm, none, new Set()), true);
        assert.equal(needsApproval(lm, { alwaysAllow: [], readOnly: ["lm:companion_note"] }, new Set()), false);
    });
});
