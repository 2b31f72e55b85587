import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, formatDuration, progressMessage } from "../../extension/format.ts";

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

test("download progress shows speed and time left only once a speed is measured", () => {
    assert.equal(progressMessage(0, 0, Number.POSITIVE_INFINITY), "0 % · starting…");
    assert.equal(progressMessage(43, 25_300_000, 360), "43 % · 25.3 MB/s · 6 min left");
    assert.equal(progressMessage(99, 1_000_000, null), "99 % · 1.0 MB/s");
});
