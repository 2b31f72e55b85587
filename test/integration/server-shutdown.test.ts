// VS Code ends the language server with LSP shutdown then exit (window reload, Restart Server,
// closing the window). Every process the server started must end with it: here a sandbox run
// still in flight, which would otherwise keep running with no one to read its output. Only the
// server's own process tree is looked at, never processes found by name machine-wide.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SandboxApprovalRequest, SandboxConfigureRequest, SandboxRunRequest } from "../../protocol/index.ts";
import { waitUntil } from "../e2e/harness/wait.ts";
import { descendants, stillRunning } from "../support/process-tree.ts";
import { startServer } from "../support/server-process.ts";

test("shutdown ends the server and every process it started, a sandbox run in flight included", async (t) => {
    const server = await startServer();
    // A failed assertion must not leave the server (and with it this test file) running.
    t.after(() => { if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL"); });
    server.connection.onRequest(SandboxApprovalRequest.method, () => ({ approved: true }));
    // ask: isolated where bubblewrap works, else the approved run goes unisolated; either way it runs.
    await server.client.request(SandboxConfigureRequest, { mode: "ask", ifUnavailable: "ask", workspaceTrusted: true });
    const run = server.client.request(SandboxRunRequest, { language: "shell", code: "sleep 3600", limits: { timeoutMs: 3_600_000 } })
        .then(() => "finished", (error: unknown) => error);
    const pid = server.child.pid!;
    const started = await waitUntil(() => {
        const tree = descendants(pid);
        return tree.some((child) => child.command === "sleep 3600") ? tree : undefined;
    }, "the sandboxed sleep in the server's process tree", { interval: 20, timeout: 60_000 });

    // As VS Code does it, with no deadline of its own: the server must finish by itself. Its answer
    // to shutdown comes after its services are disposed, so nothing it started may be left then
    // (bubblewrap's --die-with-parent would also end a sandbox at exit, but not a run without one,
    // nor an MCP server).
    await server.connection.sendRequest("shutdown");
    assert.deepEqual(started.filter(stillRunning), [], "processes the server started were still running when it answered shutdown");
    await server.connection.sendNotification("exit");
    const exit = await server.exited;
    server.connection.dispose();
    assert.equal(exit.code, 0, `the server exited by itself (${JSON.stringify(exit)}), not killed`);
    assert.deepEqual(started.filter(stillRunning), [], "processes the server started outlived it");
    assert.notEqual(await run, "finished", "the run was ended, not completed");
});
