// scripts/llama-server/build.sh on a machine that lacks a compiler tool: it must stop before
// touching anything, name the missing tool and say how to install it. The machine's real tools
// are offered through a folder of links, leaving out the one under test, with an empty cache.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../support/server-process.ts";

const TOOLS = ["sh", "git", "awk", "sed", "dirname", "mkdir", "date", "nproc", "cat", "tail", "rm", "mv", "cp", "ls", "head", "basename", "printf", "nice", "flock", "cmake", "g++", "cc", "ninja"];

function which(tool: string): string | null {
    const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
    return found.status === 0 ? found.stdout.trim() : null;
}

describe("the llama-server build without its tools", () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "llama-server-build-"));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    for (const missing of ["cmake", "g++"]) {
        test(`without ${missing}: a clear error naming it and the install command, nothing built`, () => {
            const bin = path.join(scratch, `bin-without-${missing}`);
            const cache = path.join(scratch, `cache-without-${missing}`);
            mkdirSync(bin, { recursive: true });
            for (const tool of TOOLS) {
                const real = tool === missing ? null : which(tool);
                if (real !== null) symlinkSync(real, path.join(bin, tool));
            }
            const run = spawnSync(path.join(bin, "sh"), [path.join(REPO_ROOT, "scripts", "llama-server", "build.sh")], {
                encoding: "utf8", env: { HOME: scratch, PATH: bin, GPT_OSS_LLAMA_SERVER_CACHE: cache },
            });
            assert.equal(run.status, 1, run.stderr);
            assert.match(run.stderr, new RegExp(`error: ${missing.replace("+", "\\+")} is not installed; .*apt-get install cmake g\\+\\+ git`));
            assert.equal(run.stdout, "", "no binary path is printed");
            assert.ok(!existsSync(cache) || readdirSync(cache).length === 0, "nothing was unpacked or built");
        });
    }
});
