// The sandbox through the real server: the extension's settings and workspace trust decide what
// may run, and a run that needs approval asks the client with the exact code.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SandboxApprovalRequest, SandboxConfigureRequest, SandboxRunRequest, type SandboxApprovalParams } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

let server: ServerHandle;
const approvals: SandboxApprovalParams[] = [];
let approve = false;

before(async () => {
    server = await startServer();
    server.connection.onRequest(SandboxApprovalRequest.method, (params: SandboxApprovalParams) => {
        approvals.push(params);
        return { approved: approve };
    });
});
after(() => server.stop());

const configure = (mode: "sandbox" | "ask" | "disable", workspaceTrusted = true) =>
    server.client.request(SandboxConfigureRequest, { mode, ifUnavailable: "ask", workspaceTrusted });
const runPython = (code: string) => server.client.request(SandboxRunRequest, { language: "python", code, limits: { timeoutMs: 20_000 } });

test("before the extension configures it, the server runs no code", async () => {
    await assert.rejects(runPython("print('hi')"), (error: Error & { data?: { code?: string } }) => {
        assert.equal(error.data?.code, "disabled");
        return true;
    });
});

test("an untrusted workspace gets no code execution, whatever the mode", async () => {
    const status = await configure("sandbox", false);
    assert.equal(status.effective, "disabled");
    assert.match(status.summary, /not trusted/);
    await assert.rejects(runPython("print('hi')"), /./);
    assert.equal(approvals.length, 0);
});

test("in sandbox mode a trusted workspace runs Python isolated, without asking", async (t) => {
    const status = await configure("sandbox");
    if (status.capabilities.isolation !== "bubblewrap") {
        t.skip(`no isolation on this machine: ${status.capabilities.reason}`);
        return;
    }
    assert.equal(status.effective, "sandboxed");
    const result = await runPython("import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), 1)\n    print('network')\nexcept OSError:\n    print('no network')\nprint(6 * 7)");
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, "no network\n42\n");
    assert.equal(result.isolation, "bubblewrap");
    assert.equal(approvals.length, 0);
});

test("in ask mode every run asks the client with the exact code; a no runs nothing", async () => {
    await configure("ask");
    const code = "print('asked first')";
    approve = false;
    await assert.rejects(runPython(code), (error: Error & { data?: { code?: string } }) => {
        assert.equal(error.data?.code, "not-approved");
        return true;
    });
    assert.equal(approvals.at(-1)?.code, code);
    approve = true;
    const result = await runPython(code);
    assert.equal(result.stdout, "asked first\n");
    assert.equal(approvals.length, 2);
});
