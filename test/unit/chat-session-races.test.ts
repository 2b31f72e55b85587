// Races in the extension's chat relay (issue 16): a conversation switched while an answer
// streams, and two sends in quick succession. Driven without VS Code through the chat test host.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ChatSession } from "../../extension/chat/chat-session.ts";
import { ConversationStore } from "../../extension/chat/conversation-store.ts";
import { FakeHost, MapMemento, recorder, ScriptedClient } from "./chat-fake-host.ts";

function setup() {
    const client = new ScriptedClient([["final", "Partial "], ["final", "rest."]]);
    const host = new FakeHost(client);
    const store = new ConversationStore(new MapMemento());
    const view = recorder();
    const session = new ChatSession(host, store, view.post);
    return { client, host, store, view, session };
}

/** Holds the scripted turn after its first chunk until the returned release is called. */
function holdAfterFirstChunk(client: ScriptedClient): () => void {
    let release!: () => void;
    client.hold = new Promise((resolve) => { release = resolve; });
    return release;
}

describe("chat session races", () => {
    test("switching to a new chat mid-answer keeps the stopped turn, with its partial answer, in the conversation it was asked in", async () => {
        const { session, client, store } = setup();
        const release = holdAfterFirstChunk(client);
        const asked = session.current;
        const turn = session.handle({ type: "send", text: "First question", effort: "low" });
        await new Promise((resolve) => setImmediate(resolve));
        await session.handle({ type: "newChat" });
        release();
        await turn;
        const saved = store.get(asked.id);
        assert.ok(saved, "the conversation the question was asked in is saved");
        assert.equal(saved.turns.length, 1);
        assert.equal(saved.turns[0]!.user, "First question");
        assert.equal(saved.turns[0]!.answer, "Partial ");
        assert.equal(saved.turns[0]!.state, "stopped");
        assert.notEqual(session.current.id, asked.id);
        assert.equal(session.current.turns.length, 0, "the new chat stays empty");
        assert.equal(store.list().length, 1, "the new chat got no copy of the turn");
    });

    test("switching to another saved conversation mid-answer leaves that conversation untouched", async () => {
        const { session, client, store, host } = setup();
        await session.handle({ type: "send", text: "Old question", effort: "low" });
        const old = session.current;
        await session.handle({ type: "newChat" });
        const release = holdAfterFirstChunk(client);
        const asked = session.current;
        const turn = session.handle({ type: "send", text: "New question", effort: "low" });
        await new Promise((resolve) => setImmediate(resolve));
        host.pick = old.id;
        await session.handle({ type: "showHistory" });
        release();
        await turn;
        assert.deepEqual(store.get(old.id)?.turns.map((item) => item.user), ["Old question"]);
        assert.deepEqual(store.get(asked.id)?.turns.map((item) => item.user), ["New question"]);
        assert.deepEqual(session.current.turns.map((item) => item.user), ["Old question"]);
    });

    test("two sends in quick succession start one turn; the second is answered with a notice", async () => {
        const { session, client, host, view } = setup();
        host.context.selection = { label: "a.ts:1-2", text: "const a = 1;" };
        const first = session.handle({ type: "send", text: "Explain @selection", effort: "low" });
        const second = session.handle({ type: "send", text: "Explain @selection again", effort: "low" });
        await Promise.all([first, second]);
        assert.equal(client.requests.length, 1, "one request reached the server");
        assert.deepEqual(session.current.turns.map((item) => item.user), ["Explain @selection"]);
        const notices = view.messages.flatMap((message) => (message.type === "notice" ? [message.text] : []));
        assert.ok(notices.some((text) => text.includes("Explain @selection again")), `the unsent question is given back: ${JSON.stringify(notices)}`);
    });
});
