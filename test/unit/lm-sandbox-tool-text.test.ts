// The sandbox tool's words: the confirmation shows the exact code (no code can break out of its
// block), the result reads as output plus how the run ended, refusals say not to retry elsewhere.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SandboxRunResult } from "../../protocol/index.ts";
import { confirmationMarkdown, confirmationTitle, refusalMessage, refusalOf, resultText, SandboxToolInput } from "../../extension/lm/sandbox-tool-text.ts";

const run = (change: Partial<SandboxRunResult>): SandboxRunResult => ({
    exitCode: 0, signal: null, stdout: "", stderr: "", truncated: false, durationMs: 120, timedOut: false, isolation: "bubblewrap", command: "python3 main.py", ...change,
});

test("the confirmation carries the code whole, in a fence no backticks inside can close", () => {
    const code = "print('```')\n# ```` four\nprint(1)";
    const markdown = confirmationMarkdown({ language: "python", code }, "Code runs in a sandbox without asking.");
    assert.equal(markdown, `Code runs in a sandbox without asking.\n\n\`\`\`\`\`python\n${code}\n\`\`\`\`\`\n`);
    assert.equal(confirmationTitle({ language: "shell", code: "ls" }), "Run this shell code?");
    assert.ok(confirmationMarkdown({ language: "node", code: "1" }, "x").includes("```javascript\n1\n```"));
});

test("the input is checked: language from the sandbox's list, code not empty", () => {
    assert.equal(SandboxToolInput.safeParse({ language: "python", code: "print(1)" }).success, true);
    assert.equal(SandboxToolInput.safeParse({ language: "ruby", code: "puts 1" }).success, false);
    assert.equal(SandboxToolInput.safeParse({ language: "python", code: "" }).success, false);
});

test("a result reads as output, then stderr, then one line of how it ended", () => {
    assert.equal(resultText(run({ stdout: "42\n" })), "42\n[exit code 0; 0.12 s; isolated (bubblewrap sandbox)]");
    assert.equal(resultText(run({ stdout: "a", stderr: "Traceback", exitCode: 1, isolation: "none" })),
        "a\nstderr:\nTraceback\n[exit code 1; 0.12 s; not isolated (approved by the user)]");
    assert.equal(resultText(run({ exitCode: null, timedOut: true, killedReason: "timeout", truncated: true })), "(no output)\n[timed out; 0.12 s; isolated (bubblewrap sandbox); output truncated]");
    assert.match(resultText(run({ exitCode: null, killedReason: "cpu-limit", notice: "the python session was restarted" })), /killed \(cpu-limit\).*the python session was restarted/);
});

test("a refusal is read from the JSON-RPC error and tells the model not to run the code another way", () => {
    const refusal = refusalOf({ code: -32002, message: "refused", data: { code: "disabled", message: "Code execution is off: this workspace is not trusted." } });
    assert.deepEqual(refusal, { code: "disabled", message: "Code execution is off: this workspace is not trusted." });
    assert.match(refusalMessage(refusal!), /^The code was not run: Code execution is off: this workspace is not trusted\. Do not try to run it another way/);
    assert.equal(refusalOf(new Error("other")), null);
    assert.equal(refusalOf({ data: { code: "weird" } }), null);
});
