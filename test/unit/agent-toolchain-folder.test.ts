// Which tool installs a check may see: a tool in a version manager's folder named by its version
// (nvm, fnm, go's SDK) brings that one folder into the sandbox; anything in a folder that also
// holds other things (~/.local/bin), or a link that leads out of the versioned folder, does not.
// Real folder trees and links in a temporary directory.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { toolchainFolderOf } from "../../server/agent/verify/toolchain-folder.ts";
import { hostProbe } from "../../server/agent/verify/host-probe.ts";

let home = "";

function executable(path: string, text = "#!/bin/sh\n"): string {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    chmodSync(path, 0o755);
    return path;
}

function link(path: string, target: string): string {
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path);
    return path;
}

before(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), "toolchain-home-")));
});
after(() => rmSync(home, { recursive: true, force: true }));

test("nvm: npm, a link into the version's own lib/, brings that version's folder", () => {
    const version = join(home, ".nvm/versions/node/v22.11.0");
    executable(join(version, "lib/node_modules/npm/bin/npm-cli.js"), "#!/usr/bin/env node\n");
    const npm = link(join(version, "bin/npm"), "../lib/node_modules/npm/bin/npm-cli.js");
    assert.equal(toolchainFolderOf(npm), version);
});

test("fnm's installation/ folder and go's SDK folder are versioned too", () => {
    const fnm = join(home, ".local/share/fnm/node-versions/v20.18.1/installation");
    assert.equal(toolchainFolderOf(executable(join(fnm, "bin/node"))), fnm);
    const go = join(home, "sdk/go1.22.5");
    assert.equal(toolchainFolderOf(executable(join(go, "bin/go"))), go);
});

test("a folder that is not a release's, or a link out of the versioned folder, is not bound", () => {
    assert.equal(toolchainFolderOf(executable(join(home, ".local/bin/npm"))), null, "~/.local holds far more than a toolchain");
    assert.equal(toolchainFolderOf(executable(join(home, ".cargo/bin/cargo"))), null);
    assert.equal(toolchainFolderOf(executable(join(home, "tools/v1.2.3/npm"))), null, "not in a bin/ folder");
    const outside = executable(join(home, "secrets/run-me"));
    assert.equal(toolchainFolderOf(link(join(home, "evil/v9.9.9/bin/npm"), outside)), null, "the link leaves the versioned folder");
    assert.equal(toolchainFolderOf(join(home, "missing/v1.0.0/bin/npm")), null);
});

test("the host probe offers a tool found only in a versioned folder on PATH, with that folder", () => {
    const version = join(home, ".nvm/versions/node/v18.20.4");
    executable(join(version, "bin/gptoss-probe-tool"));
    executable(join(home, ".local/bin/gptoss-other-tool"));
    assert.deepEqual(hostProbe.locate("gptoss-probe-tool", join(version, "bin")), { path: join(version, "bin/gptoss-probe-tool"), sandboxed: true, toolchain: version });
    assert.deepEqual(hostProbe.locate("gptoss-other-tool", join(home, ".local/bin")), { path: join(home, ".local/bin/gptoss-other-tool"), sandboxed: false });
});
