// The rule that code never runs unisolated without the user's approval of that exact run. These
// cases run on every machine: they force "no isolation" (as on a machine without bubblewrap) and
// check that nothing runs silently, that the approval callback sees exactly what will run, that
// only a literal `true` approves, and that a sandboxed run is never retried outside on its own.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { SandboxCapabilities, SandboxRunRequest, SandboxStatus, SandboxApprovalRequest, SandboxStatusRequest, SandboxStatusNotification } from "../../protocol/sandbox.ts";
import { SandboxRefusedError, type Approver } from "../../server/sandbox/index.ts";
import type { SandboxApprovalParams } from "../../protocol/sandbox.ts";
import { skipUnlessIsolated, smallSandbox, uniqueMarker } from "./support.ts";

const NO_BWRAP = "bubblewrap is not installed (forced for this test)";

function recorder(answer: unknown): { approve: Approver; seen: SandboxApprovalParams[] } {
    const seen: SandboxApprovalParams[] = [];
    return { seen, approve: (params) => { seen.push(params); return answer as boolean; } };
}

function touchCode(path: string): string {
    return `open(${JSON.stringify(path)}, "w").write("ran")\nprint("ran")`;
}

test("policy 01: without isolation and without an approval callback, nothing runs", async () => {
    const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP });
    assert.equal(sandbox.status().effective, "ask");
    const path = `/tmp/${uniqueMarker("policy")}`;
    await assert.rejects(sandbox.run({ language: "python", code: touchCode(path) }), (error: unknown) => {
        assert.ok(error instanceof SandboxRefusedError);
        assert.equal(error.code, "not-approved");
        assert.match(error.message, /no way to ask/);
        return true;
    });
    assert.equal(existsSync(path), false, "the code did not run");
});

test("policy 02: a declined approval runs nothing; the callback saw the exact code, command line and reason", async () => {
    const { approve, seen } = recorder(false);
    const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP, approve });
    const path = `/tmp/${uniqueMarker("policy")}`;
    const code = touchCode(path);
    await assert.rejects(sandbox.run({ language: "python", code }), /did not approve/);
    assert.equal(existsSync(path), false);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.code, code);
    assert.equal(seen[0]!.language, "python");
    assert.equal(seen[0]!.isolation, "none");
    assert.equal(seen[0]!.reason, NO_BWRAP);
    assert.match(seen[0]!.argv.join(" "), /python3.*\/main\.py$/);
});

test("policy 03: only a literal true approves: truthy values and a throwing callback are a no", async () => {
    for (const answer of ["yes", 1, {}, "true"]) {
        const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP, approve: recorder(answer).approve });
        await assert.rejects(sandbox.run({ language: "shell", code: "echo ran" }), SandboxRefusedError, `answer ${JSON.stringify(answer)}`);
    }
    const throwing = await smallSandbox({ forceNoIsolation: NO_BWRAP, approve: () => { throw new Error("dialog closed"); } });
    await assert.rejects(throwing.run({ language: "shell", code: "echo ran" }), SandboxRefusedError);
});

test("policy 04: an approved run runs exactly the approved command, unisolated and marked so, with a scrubbed environment", async () => {
    const { approve, seen } = recorder(true);
    const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP, approve });
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = `sk-${uniqueMarker("policy")}`;
    try {
        const result = await sandbox.run({ language: "python", code: "import sys, os\nprint(sys.argv[0])\nprint(os.environ.get('OPENAI_API_KEY'))" });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.equal(result.isolation, "none");
        assert.match(result.notice ?? "", /not sandboxed/);
        const approvedArgv = seen[0]!.argv;
        assert.equal(result.stdout, `${approvedArgv.at(-1)}\nNone\n`, "the code file run is the approved one; no key in the environment");
        assert.equal(result.command.endsWith(approvedArgv.at(-1)!), true);
    } finally {
        if (saved === undefined) delete process.env.OPENAI_API_KEY;
        else process.env.OPENAI_API_KEY = saved;
    }
});

test("policy 05: ifUnavailable \"disable\" refuses every run without asking", async () => {
    const { approve, seen } = recorder(true);
    const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP, ifUnavailable: "disable", approve });
    assert.equal(sandbox.status().effective, "disabled");
    assert.match(sandbox.status().summary, /No sandbox: .*off/);
    await assert.rejects(sandbox.run({ language: "shell", code: "echo ran" }), (error: unknown) => error instanceof SandboxRefusedError && error.code === "disabled");
    await assert.rejects(sandbox.runUnsandboxed({ language: "shell", code: "echo ran" }), SandboxRefusedError);
    assert.equal(seen.length, 0, "nobody was even asked");
});

test("policy 06: mode \"disable\" refuses even where the sandbox works; settings changes apply to the next run", async () => {
    const { approve, seen } = recorder(true);
    const sandbox = await smallSandbox({ mode: "disable", approve });
    assert.equal(sandbox.status().effective, "disabled");
    await assert.rejects(sandbox.run({ language: "shell", code: "echo ran" }), SandboxRefusedError);
    const status = sandbox.updateSettings({ mode: "sandbox" });
    assert.equal(status.effective, sandbox.capabilities.isolation === "none" ? "ask" : "sandboxed");
    assert.equal(seen.length, 0);
});

test("policy 07: mode \"ask\" asks before every sandboxed run and runs it isolated", async (t) => {
    const { approve, seen } = recorder(true);
    const sandbox = await smallSandbox({ mode: "ask", approve });
    const skip = skipUnlessIsolated(sandbox);
    if (skip) return t.skip(skip);
    assert.equal(sandbox.status().effective, "ask");
    const result = await sandbox.run({ language: "shell", code: "echo isolated; id -u" });
    assert.equal(result.isolation, "bubblewrap");
    assert.equal(result.stdout, "isolated\n1000\n");
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.isolation, "bubblewrap");
    assert.equal(seen[0]!.code, "echo isolated; id -u");
    assert.deepEqual(seen[0]!.argv, [sandbox.capabilities.interpreters.shell, "/sandbox/main.sh"]);
});

test("policy 08: a sandboxed run that fails is not retried outside; going outside needs approval of that exact code", async (t) => {
    const { approve, seen } = recorder(false);
    const sandbox = await smallSandbox({ approve });
    const skip = skipUnlessIsolated(sandbox);
    if (skip) return t.skip(skip);
    const code = "import urllib.request\nurllib.request.urlopen('http://example.com', timeout=2)";
    const failed = await sandbox.run({ language: "python", code });
    assert.notEqual(failed.exitCode, 0, "it fails for want of network");
    assert.equal(failed.isolation, "bubblewrap");
    assert.equal(seen.length, 0, "no fallback, not even a question");
    await assert.rejects(sandbox.runUnsandboxed({ language: "python", code }), /did not approve/);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.code, code);
    assert.equal(seen[0]!.isolation, "none");
});

test("policy 09: the approval request is frozen: a callback cannot alter what runs", async () => {
    const sandbox = await smallSandbox({
        forceNoIsolation: NO_BWRAP,
        approve: (params) => {
            (params as { code: string }).code = "echo swapped";
            (params.argv as string[]).push("--evil");
            return true;
        },
    });
    await assert.rejects(sandbox.run({ language: "shell", code: "echo original" }), SandboxRefusedError);
});

test("policy 10: without isolation a python session asks before each cell and starts nothing when declined", async () => {
    let answer = false;
    const seen: string[] = [];
    const sandbox = await smallSandbox({ forceNoIsolation: NO_BWRAP, approve: (params) => { seen.push(params.code); return answer; } });
    const session = sandbox.createPythonSession();
    try {
        await assert.rejects(session.exec("x = 1"), SandboxRefusedError);
        assert.equal(session.alive, false, "no interpreter was started");
        answer = true;
        const ran = await session.exec("x = 2\nprint(x)");
        assert.equal(ran.stdout, "2\n");
        assert.equal(ran.isolation, "none");
        answer = false;
        await assert.rejects(session.exec("print(x)"), SandboxRefusedError);
        assert.deepEqual(seen, ["x = 1", "x = 2\nprint(x)", "print(x)"]);
    } finally {
        session.dispose();
    }
});

test("policy 11: capabilities and status are reported on start and match the protocol's schemas", async (t) => {
    const sandbox = await smallSandbox();
    SandboxCapabilities.parse(sandbox.capabilities);
    SandboxStatus.parse(sandbox.status());
    assert.ok(sandbox.capabilities.reason.length > 0);
    if (sandbox.capabilities.isolation === "bubblewrap") {
        assert.equal(sandbox.status().effective, "sandboxed");
        for (const ns of ["user", "pid", "net", "mnt"] as const) assert.equal(sandbox.capabilities.namespaces?.[ns], true, ns);
    } else {
        t.diagnostic(`no isolation on this machine: ${sandbox.capabilities.reason}`);
    }
    for (const definition of [SandboxRunRequest, SandboxStatusRequest, SandboxApprovalRequest, SandboxStatusNotification]) {
        assert.match(definition.method, /^gptoss\/sandbox\//);
    }
});

test("policy 12: on this machine as it is, a run either goes into the sandbox or is refused: never unisolated unasked", async (t) => {
    const sandbox = await smallSandbox();
    if (sandbox.capabilities.isolation === "none") {
        t.diagnostic(`bubblewrap missing here (${sandbox.capabilities.reason}): checking that code is refused`);
        await assert.rejects(sandbox.run({ language: "shell", code: "echo ran" }), (error: unknown) => error instanceof SandboxRefusedError && error.code === "not-approved");
        return;
    }
    const result = await sandbox.run({ language: "shell", code: "echo ran" });
    assert.equal(result.isolation, "bubblewrap");
    assert.equal(result.stdout, "ran\n");
});
