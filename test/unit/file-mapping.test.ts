// test/support/file-mapping.ts: how much of a file a process maps, read from /proc/<pid>/smaps
// (the overhead benchmark reports it for the model in both of its processes).
import assert from "node:assert/strict";
import { realpathSync } from "node:fs";
import { test } from "node:test";
import { fileMapping } from "../support/file-mapping.ts";

const onLinux = process.platform === "linux";

test("finds the resident part of a file this process has mapped, and none of one it has not", { skip: !onLinux && "reads /proc" }, () => {
    // Node's own executable is mapped into every node process.
    const node = fileMapping(process.pid, realpathSync(process.execPath));
    assert.ok(node !== null && node.residentMiB > 0, `node binary: ${JSON.stringify(node)}`);
    assert.ok(node.hugePageMiB <= node.residentMiB);
    assert.deepEqual(fileMapping(process.pid, "/nonexistent/model.gguf"), { residentMiB: 0, hugePageMiB: 0 });
});

test("a process that does not exist has no mapping", () => {
    assert.equal(fileMapping(2 ** 30, "/any/file"), null);
});
