// The language server killed with SIGKILL in the middle of each kind of work (issue 16's fault
// suite): real server processes, real files. After each kill: the caller gets an error instead of
// waiting forever, nothing saved is lost or half-written, and a fresh server (what the extension's
// crash handler starts) serves the next request.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
    AgentProgressNotification, AgentRunRequest, CompletionStatsRequest, InlineCompletionRequest, type AgentRunParams, type CompletionParams,
} from "../../protocol/index.ts";
import { ChatSession } from "../../extension/chat/chat-session.ts";
import { ConversationStore } from "../../extension/chat/conversation-store.ts";
import { createRandomModel, createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { agentPromptTexts, copyFixture, fingerprint, READ_MATH_JS, startScriptedToolServer } from "../support/agent-fixture.ts";
import { startModelHttpServer } from "../support/model-http-server.ts";
import { startServer, testConfig, waitForStatus, type ServerHandle } from "../support/server-process.ts";
import { FakeHost, MapMemento, recorder } from "../unit/chat-fake-host.ts";
import { recordFault } from "./fault-ledger.ts";

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** SIGKILL, as the OS's out-of-memory killer or a native abort would end it; resolves once it is gone. */
async function kill(server: ServerHandle): Promise<void> {
    server.child.kill("SIGKILL");
    const { signal } = await server.exited;
    assert.equal(signal, "SIGKILL");
    await server.stop();
}

async function talkingServer(): Promise<{ server: ServerHandle; model: string }> {
    const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock" });
    const server = await startServer();
    assert.equal((await server.client.load(testConfig(model))).state, "ready");
    return { server, model };
}

describe("server killed during a chat answer", () => {
    test("the question and the partial answer are kept, saved and marked interrupted; the next question is answered", async () => {
        const { server, model } = await talkingServer();
        const host = new FakeHost(server.client);
        const memento = new MapMemento(); // test double of VS Code's workspaceState
        const store = new ConversationStore(memento);
        const view = recorder();
        let streaming!: () => void;
        const started = new Promise<void>((resolve) => { streaming = resolve; });
        // What the chat view receives; the fifth streamed chunk is the moment to kill.
        const session = new ChatSession(host, store, (message) => {
            view.post(message);
            if (view.messages.filter((item) => item.type === "chunk").length === 5) streaming();
        });
        const turn = session.handle({ type: "send", text: "Count for me, please.", effort: "low" });
        await started;
        await kill(server);
        await turn;

        const saved = store.list()[0]!.turns[0]!;
        assert.equal(saved.user, "Count for me, please.");
        assert.equal(saved.state, "error");
        assert.match(saved.answer, /tick tock/, "the partial answer is kept");
        assert.match(saved.error ?? "", /^The answer was interrupted/);
        const ended = view.messages.find((message) => message.type === "turnEnded");
        assert.equal(ended?.type === "turnEnded" && ended.state, "error");

        const next = await startServer();
        try {
            assert.equal((await next.client.load(testConfig(model))).state, "ready");
            host.client = next.client;
            await session.handle({ type: "send", text: "Again, briefly.", effort: "low" });
            const turns = store.list()[0]!.turns;
            assert.equal(turns.length, 2);
            assert.equal(turns[0]!.answer, saved.answer, "the interrupted turn is still there as it was");
            assert.equal(turns[1]!.state, "done");
            assert.ok(turns[1]!.answer.length > 0);
            recordFault({ fault: "server SIGKILL during a chat answer", injected: "after 5 streamed chunks", recovered: true, itemsLost: 0, falseErrorNotifications: host.errors.length, userMessage: saved.error });
        } finally {
            await next.stop();
        }
    });
});

describe("server killed during an inline completion", () => {
    test("the completion request fails instead of hanging, and a fresh server completes", async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "go", cycle: " tick tock" }] });
        const server = await startServer();
        assert.equal((await server.client.load(testConfig(model))).state, "ready");
        const params: CompletionParams = { path: "a.ts", languageId: "typescript", prefix: "const x = ", suffix: "\n", maxTokens: 512 };
        const pending = server.client.request(InlineCompletionRequest, params);
        pending.catch(() => undefined);
        // Kill while it generates: the server's own counter says when that is.
        while ((await server.client.request(CompletionStatsRequest, {})).generationsRunning === 0) { /* next round trip */ }
        await kill(server);
        await assert.rejects(pending);
        const next = await startServer();
        try {
            assert.equal((await next.client.load(testConfig(model))).state, "ready");
            const result = await next.client.request(InlineCompletionRequest, { ...params, maxTokens: 8 });
            assert.ok(result.text.length > 0);
            recordFault({ fault: "server SIGKILL during an inline completion", injected: "while the completion generates", recovered: true, itemsLost: 0, falseErrorNotifications: 0 });
        } finally {
            await next.stop();
        }
    });
});
