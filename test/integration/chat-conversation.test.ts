// The chat session against the real server and a scripted synthetic gpt-oss: a two-turn
// conversation keeps its history right (the first answer goes back, its reasoning does not),
// and Stop cancels a generation that would never end.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChatChunkSink, ChatTurnParams, ChatTurnResult } from "../../protocol/index.ts";
import type { ToWebview } from "../../protocol/webview.ts";
import { ChatSession } from "../../extension/chat/chat-session.ts";
import { ConversationStore } from "../../extension/chat/conversation-store.ts";
import type { ChatClient } from "../../extension/chat/chat-host.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";
import { FakeHost, MapMemento } from "../unit/chat-fake-host.ts";

/** Passes turns to the real client and keeps what was sent and returned. */
class RecordingClient implements ChatClient {
    readonly sent: Array<Omit<ChatTurnParams, "streamId">> = [];
    readonly results: ChatTurnResult[] = [];
    constructor(private readonly inner: ChatClient) {}
    async chatTurn(params: Omit<ChatTurnParams, "streamId">, onChunk: ChatChunkSink, signal?: AbortSignal): Promise<ChatTurnResult> {
        this.sent.push(structuredClone(params));
        const result = await this.inner.chatTurn(params, onChunk, signal);
        this.results.push(result);
        return result;
    }
}

function session(server: ServerHandle) {
    const client = new RecordingClient(server.client);
    const host = new FakeHost(client);
    const view: ToWebview[] = [];
    const chat = new ChatSession(host, new ConversationStore(new MapMemento()), (message) => view.push(message));
    return { chat, client, view };
}

describe("a two-turn chat with a scripted model", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({
            scripts: [{ trigger: "assistant", output: "<|channel|>analysis<|message|>The user wants code.<|end|><|start|>assistant<|channel|>final<|message|>Use `x = 1`.<|return|>" }],
        });
        server = await startServer();
        await server.client.load(testConfig(model));
    });
    after(() => server.stop());

    test("reasoning streams apart and is dropped from the history of the next turn", async () => {
        const { chat, client, view } = session(server);
        await chat.handle({ type: "send", text: "How do I set x?", effort: "low" });
        await chat.handle({ type: "send", text: "And again?", effort: "low" });

        const first = chat.current.turns[0]!;
        assert.equal(first.state, "done");
        assert.equal(first.reasoning, "The user wants code.");
        assert.equal(first.answer, "Use `x = 1`.");
        assert.ok(first.reasoningMs !== null);
        const analysis = view.filter((message) => message.type === "chunk" && message.channel === "analysis" && message.turnId === first.id);
        assert.ok(analysis.length > 0);

        const second = client.sent[1]!.messages;
        assert.deepEqual(second.slice(1), [
            { role: "user", content: "How do I set x?" },
            { role: "assistant", content: "Use `x = 1`." },
            { role: "user", content: "And again?" },
        ]);
        assert.ok(second.every((message) => !("reasoning" in message)));
        assert.equal(chat.current.turns[1]!.answer, "Use `x = 1`.");
        assert.ok(!chat.current.turns[1]!.answer.includes("<|channel|>"));
        // The server reused the cached prefix of the first turn.
        const usage = client.results[1]!.usage;
        assert.ok(usage.evaluatedTokens < usage.promptTokens, `evaluated ${usage.evaluatedTokens} of ${usage.promptTokens}`);
    });
});

describe("stopping a chat turn that would never end", () => {
    let server: ServerHandle;
    before(async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " tick tock" });
        server = await startServer();
        await server.client.load(testConfig(model, { contextSize: 4096 }));
    });
    after(() => server.stop());

    test("Stop ends the turn as stopped with what arrived, and the next turn runs", async () => {
        const { chat, view } = session(server);
        let chunks = 0;
        const stopped = new Promise<void>((resolve) => {
            const original = view.push.bind(view);
            view.push = (...messages: ToWebview[]) => {
                for (const message of messages) if (message.type === "chunk" && ++chunks === 5) { chat.stop(); resolve(); }
                return original(...messages);
            };
        });
        const turn = chat.handle({ type: "send", text: "Go on forever", effort: "low" });
        await stopped;
        await turn;
        const first = chat.current.turns[0]!;
        assert.equal(first.state, "stopped");
        assert.match(first.answer, /^( tick tock)+/);
        // Stop ended the generation itself: far short of the turn's 1,024-token answer budget
        // (each " tick tock" is two tokens), counted in tokens rather than time.
        const ticks = first.answer.match(/tick/g)?.length ?? 0;
        assert.ok(ticks < 256, `${ticks} " tick tock"s: the turn went on after Stop`);
        // The stopped turn's partial answer is in the history; the model keeps answering.
        const again = chat.handle({ type: "send", text: "Short one", effort: "low" });
        let seen = 0;
        const original = view.push.bind(view);
        view.push = (...messages: ToWebview[]) => {
            for (const message of messages) if (message.type === "chunk" && ++seen === 3) chat.stop();
            return original(...messages);
        };
        await again;
        assert.equal(chat.current.turns[1]!.state, "stopped");
        assert.ok(chat.current.turns[1]!.answer.length > 0);
    });
});
