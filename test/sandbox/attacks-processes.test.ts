// Attack cases: processes and the kernel. The sandbox has its own pid namespace (host processes
// do not exist for it), runs as an unprivileged uid with no capabilities and no_new_privs, and a
// seccomp filter denies debugging, mounting, keyrings, BPF and the like. Every process it starts
// dies with it. A "victim" process of the same host uid as the sandbox stands in for the user's
// other programs: if the pid namespace failed, it would be reachable.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { attack, hostProcessesMatching, hostUnsafe, killMatching, pythonSyscall, SELF_CHECK, skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let victim: ChildProcess;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    // Same host uid as the sandboxed programs, so only the namespaces stand between them.
    const uid = sandbox.capabilities.sandboxUid ?? process.getuid!();
    victim = spawn("sleep", ["600"], { stdio: "ignore", ...(process.getuid!() === 0 ? { uid, gid: uid } : {}) });
    await new Promise((resolve) => victim.once("spawn", resolve));
});

after(() => {
    victim.kill("SIGKILL");
});

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

test("attack 19: background, setsid'd and double-forked processes do not outlive the run", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("orphan");
    try {
        const result = await attack(sandbox, {
            language: "shell",
            // Each lingering process carries the marker in its own argv, so the host check (and the cleanup) sees it.
            code: [
                `nohup python3 -c 'import time; time.sleep(300)' ${marker}-nohup >/dev/null 2>&1 &`,
                `setsid python3 -c 'import time; time.sleep(300)' ${marker}-setsid >/dev/null 2>&1 < /dev/null &`,
                `python3 -c "import os,subprocess\nif os.fork()==0:\n os.setsid()\n subprocess.Popen(['python3','-c','import time; time.sleep(300)','${marker}-daemon'])\n os._exit(0)"`,
                `python3 -c 'import time; time.sleep(300)' ${marker}-holds-stdout &`, // keeps the stdout pipe open
                "sleep 0.3; echo started",
            ].join("\n"),
        });
        assert.match(result.stdout, /started/);
        assert.ok(result.durationMs < 5_000, `the run returns at once (took ${result.durationMs} ms)`);
        // An absence check: a survivor would still be listed after this pause; nothing to await instead.
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(hostProcessesMatching(marker), [], "no process of the run may survive it");
    } finally {
        killMatching(marker);
    }
});

test("attack 20: signals aimed at another process of the same uid (by its host pid) cannot reach it", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: `kill -9 ${victim.pid} 2>&1 || echo kill-failed; kill -STOP ${victim.pid} 2>&1 || echo stop-failed`,
    });
    assert.match(result.stdout, /kill-failed/);
    // An absence check: a signal that got through would have landed by now; there is no event for "not killed".
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(alive(victim.pid!), "the victim must still be alive");
});

test("attack 21: kill -9 of the parent, of pid 1, of every process (-1) and of the server's pid does no harm", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const result = await attack(sandbox, {
        language: "shell",
        code: `kill -9 $PPID; kill -9 1; kill -9 ${process.pid} 2>&1 || echo server-unreachable; kill -9 -1; echo survived-own-attack`,
    });
    // kill -1 takes the program itself down too; what matters is that the host is untouched.
    assert.ok(result.exitCode !== null || result.signal !== null);
    assert.ok(alive(process.pid) && alive(victim.pid!), "the server and the victim are alive");
    const after = await sandbox.run({ language: "shell", code: "echo still-working" });
    assert.equal(after.stdout, "still-working\n", "the sandbox keeps working");
});

test("attack 22: ptrace and process_vm_readv of another process fail", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "python",
        code: [
            "import ctypes, errno, os",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "libc.ptrace.restype = ctypes.c_long",
            // Unisolated (self-check), the parent is the test runner itself: only the victim is a safe target then.
            `for pid in [${SELF_CHECK ? "" : "os.getppid(), 1, "}${victim.pid}]:`,
            "    r = libc.ptrace(16, pid, None, None)  # PTRACE_ATTACH",
            "    print('attach', pid, 'ATTACHED' if r == 0 else errno.errorcode[ctypes.get_errno()])",
            "child = os.fork()",
            "if child == 0:",
            "    import time; time.sleep(5); os._exit(0)",
            "r = libc.ptrace(16, child, None, None)",
            "print('attach own child', 'ATTACHED' if r == 0 else errno.errorcode[ctypes.get_errno()])",
            "os.kill(child, 9)",
            `try:\n    open('/proc/${victim.pid}/mem', 'rb').read(1); print('MEM READ')\nexcept OSError as e:\n    print('mem', e.strerror)`,
        ].join("\n"),
    });
    assert.doesNotMatch(result.stdout, /ATTACHED|MEM READ/);
    assert.equal(result.stdout.match(/^attach /gm)?.length, SELF_CHECK ? 2 : 4);
    assert.ok(alive(victim.pid!));
});

test("attack 23: mounting fails: the mount(8) setuid binary, the raw syscall, and a nested user namespace", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            "mkdir -p /tmp/m",
            "mount -t tmpfs none /tmp/m 2>&1 || echo mount8-failed",
            "unshare -Urm sh -c 'mount -t tmpfs none /tmp/m && echo MOUNTED' 2>&1 || echo userns-failed",
            "/usr/sbin/chroot / true 2>&1 || echo chroot-failed",
            `python3 -c '${pythonSyscall("mount", 165, "b'none', b'/tmp/m', b'tmpfs', 0, None").replace(/'/g, "\"")}'`,
        ].join("\n"),
    });
    assert.match(result.stdout, /mount8-failed/);
    assert.match(result.stdout, /userns-failed/);
    assert.match(result.stdout, /chroot-failed/);
    assert.doesNotMatch(result.stdout, /MOUNTED|mount: ok/);
});

test("attack 24: setuid binaries give no privilege (no_new_privs, nosuid): su, mount stay unprivileged", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            "grep -E '^(NoNewPrivs|CapEff|CapBnd)' /proc/self/status",
            "su root -c id < /dev/null 2>&1 | tail -1",
            "find /usr/bin /usr/sbin -perm -4000 2>/dev/null | head -3",
            "id -u",
        ].join("\n"),
    });
    assert.match(result.stdout, /NoNewPrivs:\s+1/);
    assert.match(result.stdout, /CapEff:\s+0+\n/);
    assert.doesNotMatch(result.stdout, /uid=0/);
    assert.match(result.stdout, /\n1000\n$/);
});

test("attack 25: /dev holds only harmless devices and nothing can be created in it", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("dev");
    try {
        const result = await attack(sandbox, {
            language: "shell",
            code: [
                `touch /dev/${marker} 2>&1 || echo create-failed`,
                "ls /dev | tr '\\n' ' '; echo",
                "for d in /dev/mem /dev/kmem /dev/sda /dev/vda /dev/kmsg /dev/port /dev/nvme0n1; do [ -e $d ] && echo PRESENT $d; done",
                "echo data > /dev/null && echo null-ok",
                "mknod /tmp/disk b 8 0 2>&1 || echo mknod-failed",
            ].join("\n"),
        });
        assert.match(result.stdout, /create-failed/);
        assert.doesNotMatch(result.stdout, /PRESENT/);
        assert.match(result.stdout, /null-ok/);
        assert.match(result.stdout, /mknod-failed/);
        assert.equal(existsSync(`/dev/${marker}`), false);
    } finally {
        rmSync(`/dev/${marker}`, { force: true });
    }
});

test("attack 26: kernel interfaces outside a program's business are denied (keyctl, bpf, perf, io_uring, userfaultfd)", async (t) => {
    if (skip) return t.skip(skip);
    if (process.arch !== "x64") return t.skip("syscall numbers in this case are x86_64's");
    const result = await attack(sandbox, {
        language: "python",
        code: [
            pythonSyscall("keyctl", 250, "0, -3, 0, 0, 0"), // KEYCTL_GET_KEYRING_ID of the session keyring
            pythonSyscall("bpf", 321, "0, None, 0"),
            pythonSyscall("perf_event_open", 298, "None, 0, -1, -1, 0"),
            pythonSyscall("io_uring_setup", 425, "1, None"),
            pythonSyscall("userfaultfd", 323, "0"),
        ].join("\n"),
    });
    assert.equal(result.stdout.match(/: EPERM/g)?.length, 5, result.stdout);
});

test("attack 27: hostname and sysctls cannot be changed (own uts namespace, read-only /proc/sys)", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const before = hostname();
    const result = await attack(sandbox, {
        language: "shell",
        code: "hostname; hostname pwned 2>&1 || echo hostname-failed; echo pwned > /proc/sys/kernel/hostname 2>&1 || echo sysctl-failed; echo 1 > /proc/sysrq-trigger 2>&1 || echo sysrq-failed",
    });
    assert.match(result.stdout, /^sandbox\n/);
    assert.match(result.stdout, /hostname-failed/);
    assert.match(result.stdout, /sysctl-failed/);
    assert.match(result.stdout, /sysrq-failed/);
    assert.equal(hostname(), before);
});

test("attack 37: when the server is killed (SIGKILL, no cleanup), its running sandboxes die with it", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("server-death");
    const server = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./fixtures/hold-sandbox.ts", import.meta.url)), marker], { stdio: ["ignore", "pipe", "inherit"] });
    try {
        await new Promise<void>((resolve, reject) => {
            server.stdout!.on("data", (chunk: Buffer) => { if (chunk.toString().includes("ready")) resolve(); });
            server.once("exit", () => reject(new Error("the stand-in server exited early")));
        });
        assert.ok(hostProcessesMatching(marker).length > 0, "the sandboxed run is going");
        server.kill("SIGKILL");
        // The kernel tears the pid namespace down after the server's death; an absence check after that grace.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.deepEqual(hostProcessesMatching(marker), [], "nothing of the sandbox outlives the server");
    } finally {
        server.kill("SIGKILL");
        killMatching(marker);
    }
});
