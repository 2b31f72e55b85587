import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, formatDuration } from "../../extension/format.ts";

test("sizes are shown in decimal units as download sites show them", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(999), "999 B");
    assert.equal(formatBytes(12_109_566_560), "12.1 GB");
    assert.equal(formatBytes(25_300_000), "25.3 MB");
});

test("time left reads naturally from seconds to hours", () => {
    assert.equal(formatDuration(4.2), "5 s");
    assert.equal(formatDuration(61), "2 min");
    assert.equal(formatDuration(3 * 3600 + 5 * 60), "3 h 5 min");
});
