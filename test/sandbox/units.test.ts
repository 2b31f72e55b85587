// The sandbox's pure pieces: the bounded output buffer, the cell-marker scanner, the seccomp
// program, the bubblewrap command line and the limits. Run everywhere, bubblewrap or not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bwrapArgs } from "../../server/sandbox/bwrap-args.ts";
import { needsDetectModuleFlag } from "../../server/sandbox/interpreters.ts";
import { DEFAULT_LIMITS, resolveLimits } from "../../server/sandbox/limits.ts";
import { MarkerScanner } from "../../server/sandbox/marker-scanner.ts";
import { HeadTailBuffer } from "../../server/sandbox/output-buffer.ts";
import { decodeExit } from "../../server/sandbox/run-to-end.ts";
import { DENIED_SYSCALLS, seccompFilter } from "../../server/sandbox/seccomp.ts";

test("unit 01: the output buffer keeps head and tail around a [truncated] marker and stays bounded", () => {
    const buffer = new HeadTailBuffer(100);
    for (let i = 0; i < 10_000; i++) buffer.push(Buffer.from(`line ${i}\n`));
    const text = buffer.text();
    assert.equal(buffer.truncated, true);
    assert.ok(text.startsWith("line 0\nline 1\n"));
    assert.ok(text.endsWith("line 9999\n"));
    const dropped = Number(/\[truncated: (\d+) bytes of output omitted\]/.exec(text)?.[1]);
    assert.equal(dropped + 100, buffer.totalBytes);
    const small = new HeadTailBuffer(100);
    small.push(Buffer.from("short"));
    assert.equal(small.text(), "short");
    assert.equal(small.truncated, false);
});

test("unit 02: the marker scanner finds markers split across chunks and passes everything else through", () => {
    const scanner = new MarkerScanner(Buffer.from("\x1eEND\x1e"));
    const data: string[] = [];
    let markers = 0;
    const feed = (text: string) => scanner.push(Buffer.from(text), (bytes) => data.push(bytes.toString()), () => { data.push("|"); markers++; });
    for (const chunk of ["out", "put\x1eE", "N", "D\x1enext\x1e", "x", "\x1eEND\x1e"]) feed(chunk);
    scanner.end((bytes) => data.push(bytes.toString()));
    assert.equal(markers, 2);
    assert.equal(data.join(""), "output|next\x1ex|");
});

test("unit 03: the seccomp program checks the architecture first and denies the listed calls with EPERM", () => {
    const program = seccompFilter("x64")!;
    assert.equal(program.length % 8, 0);
    const insns = program.length / 8;
    assert.equal(insns, 4 + 1 + DENIED_SYSCALLS.length + 2);
    assert.equal(program.readUInt32LE(4), 4, "loads seccomp_data.arch");
    assert.equal(program.readUInt32LE(12), 0xc000003e, "compares with AUDIT_ARCH_X86_64");
    assert.equal(program.readUInt32LE((insns - 1) * 8 + 4), 0x00050001, "last: SECCOMP_RET_ERRNO | EPERM");
    assert.equal(program.readUInt32LE((insns - 2) * 8 + 4), 0x7fff0000, "then: ALLOW");
    // every JEQ jumps exactly to the EPERM return
    for (let i = 5; i < insns - 2; i++) assert.equal(i + 1 + program.readUInt8(i * 8 + 2), insns - 1);
    assert.ok(seccompFilter("arm64") !== null);
    assert.equal(seccompFilter("ia32"), null);
});

test("unit 04: the bubblewrap command line unshares everything, scrubs the environment and ends read-only", () => {
    const args = bwrapArgs({
        layout: [{ kind: "ro-bind", source: "/usr", dest: "/usr", optional: false }],
        limits: DEFAULT_LIMITS,
        mounts: [],
        workspace: { source: "/home/u/project", mode: "readonly" },
        dataFiles: [{ fd: 3, sandboxPath: "/sandbox/main.py" }],
        env: { PATH: "/usr/bin" },
        cwd: "/workspace",
        prlimitPath: "/usr/bin/prlimit",
        command: ["/usr/bin/python3", "/sandbox/main.py"],
        bashPath: "/usr/bin/bash",
        supervise: "report",
        passStatus: true,
    });
    for (const flag of ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv"]) assert.ok(args.includes(flag), flag);
    assert.ok(!args.includes("--share-net"));
    const joined = args.join(" ");
    assert.match(joined, /--ro-bind \/home\/u\/project \/workspace/);
    assert.ok(args.indexOf("--remount-ro", args.indexOf("--ro-bind-data")) < args.indexOf("--clearenv"), "root remounted read-only after all mounts");
    assert.match(joined, /-- \/usr\/bin\/prlimit --cpu=120:121 --as=\d+ --nproc=128 --fsize=\d+ --nofile=1024 --core=0 -- \/usr\/bin\/python3 \/sandbox\/main\.py$/);
    const supervisor = args.indexOf("/usr/bin/bash", args.lastIndexOf("--clearenv"));
    assert.ok(supervisor !== -1 && supervisor < args.indexOf("/usr/bin/prlimit"), "the fd-closing supervisor runs before the program, outside its rlimits");
    assert.deepEqual(args.slice(supervisor + 3, supervisor + 12), ["gptoss-supervisor", "4", "report", "sandbox", "pass", String(64 * 1024 * 1024), "/tmp", "/home/sandbox", "/dev/shm"]);
});

test("unit 05: limits have defaults, accept overrides and refuse values past their hard caps", () => {
    assert.equal(resolveLimits(undefined).timeoutMs, 120_000);
    assert.equal(resolveLimits({ timeoutMs: 5_000 }).timeoutMs, 5_000);
    assert.throws(() => resolveLimits({ processes: 1_000_000 }));
    assert.throws(() => resolveLimits({ memoryBytes: 1 }));
});

test("unit 06: exit statuses: 128+n reads as signal n, host signals pass through", () => {
    assert.deepEqual(decodeExit(0, null, true), { exitCode: 0, signal: null });
    assert.deepEqual(decodeExit(152, null, true), { exitCode: 152, signal: "SIGXCPU" });
    assert.deepEqual(decodeExit(137, null, false), { exitCode: 137, signal: null });
    assert.deepEqual(decodeExit(null, "SIGKILL", true), { exitCode: null, signal: "SIGKILL" });
    assert.equal(needsDetectModuleFlag("v20.20.2"), true);
    assert.equal(needsDetectModuleFlag("v22.12.0"), false);
    assert.equal(needsDetectModuleFlag("v18.19.0"), false);
});
