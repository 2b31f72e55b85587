// test/support/process-cpu.ts: the CPU time a process has run, which the overhead benchmark
// reports beside wall time. Linux only (it reads /proc); elsewhere it says so with null.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { processCpuMs } from "../support/process-cpu.ts";

const onLinux = process.platform === "linux";

test("counts the CPU another process spends, and nothing while it waits", { skip: !onLinux && "reads /proc" }, async () => {
    // A child that burns CPU only when told to, and says when it is done.
    const child = spawn(process.execPath, ["-e", `process.on("message", (n) => { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); process.send(x); });`], {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    try {
        const pid = child.pid!;
        child.send(0);
        await once(child, "message"); // started and answering: its start-up is behind it
        const idleBefore = processCpuMs(pid)!;
        child.send(0);
        await once(child, "message"); // the round trip alone: next to no CPU
        const idleAfter = processCpuMs(pid)!;
        child.send(300_000_000);
        await once(child, "message");
        const busyAfter = processCpuMs(pid)!;
        assert.ok(busyAfter - idleAfter > 10 * (idleAfter - idleBefore + 1), `busy ${busyAfter - idleAfter} ms vs idle ${idleAfter - idleBefore} ms`);
    } finally {
        child.kill();
    }
});

test("a process that does not exist has no CPU time", () => {
    assert.equal(processCpuMs(2 ** 30), null);
});
