// The RAM a load plan counts as available on a real machine: the page cache the kernel can drop
// is available (right after a download it holds the model file itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableRam } from "../../server/engine/machine-memory.ts";

const GiB = 2 ** 30;

test("Linux: RAM holding the page cache counts as available (MemAvailable), not only MemFree", () => {
    // 32 GB machine just after a 12 GB download: 6 GB free pages, 18 GB available.
    assert.equal(availableRam({ total: 32 * GiB, free: 6 * GiB, wired: 0 }, 18 * GiB, "linux"), 18 * GiB);
    // Never less than what node-llama-cpp itself reports free.
    assert.equal(availableRam({ total: 32 * GiB, free: 20 * GiB, wired: 0 }, 18 * GiB, "win32"), 20 * GiB);
    assert.equal(availableRam({ total: 32 * GiB, free: 6 * GiB }, 40 * GiB, "linux"), 32 * GiB, "capped at the total");
});

test("macOS: everything but wired memory, as node-llama-cpp's resolver counts it", () => {
    assert.equal(availableRam({ total: 16 * GiB, free: 0.3 * GiB, wired: 3 * GiB }, 0.3 * GiB, "darwin"), 13 * GiB);
});
