// One stored conversation that no longer parses must not cost the others (issue 16, defect 3).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConversationStore, UNREADABLE_KEY } from "../../extension/chat/conversation-store.ts";
import type { Conversation } from "../../extension/chat/conversation.ts";
import { MapMemento } from "./chat-fake-host.ts";

const KEY = "gptOss.chat.conversations";

function conversation(id: string, updatedAt: number): Conversation {
    return { id, title: `T ${id}`, createdAt: 0, updatedAt, turns: [{ id: `${id}-1`, user: "q", prompt: "q", reasoning: "", answer: "a", reasoningMs: null, state: "done", references: [], lookups: [] }] };
}

describe("conversation store with a malformed entry", () => {
    test("the good conversations load, survive the next save, and the bad entry is set aside and logged", async () => {
        const memento = new MapMemento();
        const bad = { id: "broken", title: 7, turns: "not a list" };
        memento.values.set(KEY, [conversation("a", 1), bad, conversation("b", 2)]);
        const logged: string[] = [];
        const store = new ConversationStore(memento, (line) => logged.push(line));
        assert.deepEqual(store.list().map((item) => item.id), ["b", "a"]);
        await store.save(conversation("c", 3));
        assert.deepEqual(new ConversationStore(memento).list().map((item) => item.id), ["c", "b", "a"]);
        assert.deepEqual(memento.get(UNREADABLE_KEY), [bad], "the unreadable entry is kept aside, byte for byte");
        assert.equal(logged.length, 1);
        assert.match(logged[0]!, /broken/);
    });

    test("a stored value that is not a list at all is set aside too, and saving starts a new list", async () => {
        const memento = new MapMemento();
        memento.values.set(KEY, { nonsense: true });
        const store = new ConversationStore(memento, () => undefined);
        assert.deepEqual(store.list(), []);
        await store.save(conversation("a", 1));
        assert.deepEqual(store.list().map((item) => item.id), ["a"]);
        assert.deepEqual(memento.get(UNREADABLE_KEY), [{ nonsense: true }]);
    });
});
