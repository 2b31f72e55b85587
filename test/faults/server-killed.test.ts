// The language server killed with SIGKILL in the middle of each kind of work (issue 16's fault
// suite): real server processes, real files. After each kill: the caller gets an error instead of
// waiting forever, nothing saved is lost or half-written, and a fresh server (what the extension's
// crash handler starts) serves the next request.
import { describe, test } from "node:test";
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
            // The chat as it comes back once the extension restarted the server: the same store.
            const resumed = new ChatSession(new FakeHost(next.client), store, recorder().post);
            assert.equal(resumed.current.id, session.current.id);
            await resumed.handle({ type: "send", text: "Again, briefly.", effort: "low" });
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

describe("server killed while loading a model", () => {
    test("the load fails instead of hanging, the model file is untouched, and a fresh server loads it", async () => {
        // A ~25 MB file (small vocabulary, f32 experts): the load, not the tokenizer, is under test.
        const model = await createRandomModel({ seed: 11, embeddingLength: 512, blockCount: 2, expertCount: 8, expertFeedForwardLength: 256, expertType: "f32", vocabulary: "small" });
        const before = sha(await readFile(model));
        const server = await startServer();
        const loading = waitForStatus(server.client, (status) => status.state === "loading", 600_000);
        const load = server.client.load(testConfig(model));
        load.catch(() => undefined);
        await loading;
        await kill(server);
        await assert.rejects(load);
        assert.equal(sha(await readFile(model)), before, "the model file is exactly as it was");
        const next = await startServer();
        try {
            assert.equal((await next.client.load(testConfig(model))).state, "ready");
            recordFault({ fault: "server SIGKILL during a model load", injected: "once the status says loading", recovered: true, itemsLost: 0, falseErrorNotifications: 0 });
        } finally {
            await next.stop();
        }
    });
});

describe("server killed during an agent task", () => {
    const INSTRUCTION = "Fix the adder.";
    const params = (workspaceRoot: string): AgentRunParams => ({
        taskId: "fault-1", kind: "free", instruction: INSTRUCTION, workspaceRoot, openBuffers: [], reasoningEffort: "low",
        workspaceTrusted: true, maxSteps: 6, maxTokens: 100_000, verify: false, repairRounds: 2, seed: 7,
    });

    test("no workspace file is changed or half-written, and a fresh server runs the next task", async () => {
        const workspace = await copyFixture("agent-project");
        // After reading a file the model thinks forever: the kill lands mid-task, after a tool ran.
        const scripts = [{ trigger: "assistant", output: READ_MATH_JS }, { trigger: "assistant", output: "<|channel|>analysis<|message|>Hmm", cycle: " and so on", follows: true }];
        const server = await startScriptedToolServer(scripts, [...agentPromptTexts(), INSTRUCTION]);
        try {
            const before = await fingerprint(workspace);
            let second!: () => void;
            const secondStep = new Promise<void>((resolve) => { second = resolve; });
            server.client.onNotification(AgentProgressNotification, (update) => {
                if (update.message.startsWith("thinking (step 2)")) second();
            });
            const task = server.client.request(AgentRunRequest, params(workspace));
            task.catch(() => undefined);
            await secondStep;
            await kill(server);
            await assert.rejects(task);
            assert.deepEqual(await fingerprint(workspace), before, "every file as it was");

            const next = await startScriptedToolServer(scripts, [...agentPromptTexts(), INSTRUCTION]);
            try {
                const abort = new AbortController();
                next.client.onNotification(AgentProgressNotification, (update) => {
                    if (update.message.startsWith("thinking (step 2)")) abort.abort();
                });
                // The next task runs (reads the file again, step 2 starts) and is cancelled cleanly.
                await assert.rejects(next.client.request(AgentRunRequest, params(workspace), abort.signal), /cancelled/);
                assert.equal((await next.client.status()).state, "ready");
                assert.deepEqual(await fingerprint(workspace), before);
                recordFault({ fault: "server SIGKILL during an agent task", injected: "at the start of step 2, after read_file ran", recovered: true, itemsLost: 0, falseErrorNotifications: 0 });
            } finally {
                await next.stop();
            }
        } finally {
            await server.stop();
            await rm(workspace, { recursive: true, force: true });
        }
    });
});

describe("server killed during a model download", () => {
    const RESUME_CHUNK_BYTES = 5 * 1024 * 1024;

    test("a fresh server resumes the download where it stopped, and the file is byte for byte right", async () => {
        // The small vocabulary: the download is under test, and o200k_harmony would make the served file hundreds of MB.
        const model = await readFile(await createRandomModel({ seed: 11, embeddingLength: 512, blockCount: 2, expertCount: 8, expertFeedForwardLength: 256, expertType: "f32", vocabulary: "small" }));
        const http = await startModelHttpServer({ "test/gpt-oss-tiny/model.gguf": { bytes: model } });
        const directory = await mkdtemp(path.join(os.tmpdir(), "gptoss-fault-dl-"));
        const source = { uri: "hf:test/gpt-oss-tiny/model.gguf", huggingFaceEndpoint: http.endpoint, directory };
        const server = await startServer();
        try {
            let reached!: () => void;
            const farEnough = new Promise<void>((resolve) => { reached = resolve; });
            // ipull creates its partial file (with the resume record) only after a few chunks: kill
            // once that file exists and more than two chunks arrived, so there is something to resume.
            const download = server.client.download(source, (update) => {
                if (update.downloadedBytes <= 2 * RESUME_CHUNK_BYTES + 1_000_000) return;
                void readdir(directory).then((names) => { if (names.some((name) => name.endsWith(".ipull"))) reached(); });
            });
            // Should the whole file arrive first, the test goes on and fails below rather than waiting forever.
            download.then(reached, () => undefined);
            await farEnough;
            await kill(server);
            await assert.rejects(download);
            assert.ok((await readdir(directory)).length > 0, "the partial download is kept");

            const next = await startServer();
            try {
                const requestsBefore = http.requests.length;
                const file = await next.client.download(source, () => undefined);
                const resumed = http.requests.slice(requestsBefore).filter((request) => (request.rangeStart ?? 0) >= RESUME_CHUNK_BYTES);
                assert.ok(resumed.length > 0, `resumed, not restarted: ${JSON.stringify(http.requests.slice(requestsBefore))}`);
                assert.equal(sha(await readFile(file)), sha(model));
                assert.equal((await next.client.load(testConfig(file))).state, "ready");
                recordFault({ fault: "server SIGKILL during a model download", injected: "past two 5 MB chunks, once the partial file exists", recovered: true, itemsLost: 0, falseErrorNotifications: 0 });
            } finally {
                await next.stop();
            }
        } finally {
            await server.stop();
            await http.close();
            await rm(directory, { recursive: true, force: true });
        }
    });
});
