// Questions the server asks the editor are withdrawn with the request that needed them (issue 16,
// defect 6): through the real server, a sandbox run in "ask" mode waits for the user's approval;
// cancelling the run cancels the question in the editor, and a yes given afterwards runs nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { CancellationToken } from "vscode-jsonrpc/node";
import { RequestCancelledError, SandboxApprovalRequest, SandboxConfigureRequest, SandboxRunRequest, type SandboxApprovalParams } from "../../protocol/index.ts";
import { startServer, type ServerHandle } from "../support/server-process.ts";

let server: ServerHandle;
/** The question the server asked, with its token and the way to answer it late. */
let asked: { params: SandboxApprovalParams; token: CancellationToken; answer(approved: boolean): void } | null = null;
let onAsked: () => void = () => undefined;

before(async () => {
    server = await startServer();
    server.connection.onRequest(SandboxApprovalRequest.method, (params: SandboxApprovalParams, token: CancellationToken) =>
        new Promise((resolve) => {
            asked = { params, token, answer: (approved) => resolve({ approved }) };
            onAsked();
        }));
    await server.client.request(SandboxConfigureRequest, { mode: "ask", ifUnavailable: "ask", workspaceTrusted: true });
});
after(() => server.stop());

test("cancelling a run that waits for approval withdraws the question; a late yes runs nothing", async () => {
    const question = new Promise<void>((resolve) => { onAsked = resolve; });
    const abort = new AbortController();
    const run = server.client.request(SandboxRunRequest, { language: "python", code: "print('should never run')", limits: { timeoutMs: 20_000 } }, abort.signal);
    run.catch(() => undefined);
    await question;
    assert.equal(asked!.token.isCancellationRequested, false);
    abort.abort();
    // One more round trip: the server handles the cancellation before this request, and messages
    // arrive in order, so a withdrawal it sent is here by the time the answer is.
    await server.client.status();
    try {
        assert.equal(asked!.token.isCancellationRequested, true, "the editor is told the question is withdrawn");
    } finally {
        asked!.answer(true); // the user clicks "Run Once" after all
    }
    await assert.rejects(run, RequestCancelledError);
    assert.ok(!server.logs.some((line) => line.includes("should never run")));
});

test("the next run asks again and runs when approved", async () => {
    const question = new Promise<void>((resolve) => { onAsked = resolve; });
    const run = server.client.request(SandboxRunRequest, { language: "python", code: "print(6 * 7)", limits: { timeoutMs: 20_000 } });
    await question;
    asked!.answer(true);
    const result = await run;
    assert.equal(result.stdout, "42\n");
});
