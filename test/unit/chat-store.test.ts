// Saved conversations per workspace: list, reopen, rename, delete, limits, bad data.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConversationStore, MAX_CONVERSATIONS } from "../../extension/chat/conversation-store.ts";
import type { Conversation } from "../../extension/chat/conversation.ts";
import { MapMemento } from "./chat-fake-host.ts";

function conversation(id: string, updatedAt: number, state: "done" | "running" = "done"): Conversation {
    return { id, title: `T ${id}`, createdAt: 0, updatedAt, turns: [{ id: `${id}-1`, user: "q", prompt: "q", reasoning: "", answer: "a", reasoningMs: null, state, references: [], lookups: [] }] };
}

describe("conversation store", () => {
    test("lists newest first, renames and deletes", async () => {
        const store = new ConversationStore(new MapMemento());
        await store.save(conversation("a", 1));
        await store.save(conversation("b", 2));
        assert.deepEqual(store.list().map((item) => item.id), ["b", "a"]);
        await store.rename("a", "Renamed");
        assert.equal(store.get("a")?.title, "Renamed");
        await store.delete("b");
        assert.deepEqual(store.list().map((item) => item.id), ["a"]);
    });

    test("an empty conversation is not saved; a running turn is saved as stopped", async () => {
        const store = new ConversationStore(new MapMemento());
        await store.save({ id: "empty", title: "New chat", createdAt: 0, updatedAt: 0, turns: [] });
        assert.equal(store.list().length, 0);
        await store.save(conversation("r", 1, "running"));
        assert.equal(store.get("r")?.turns[0]?.state, "stopped");
    });

    test("keeps at most MAX_CONVERSATIONS, dropping the oldest", async () => {
        const store = new ConversationStore(new MapMemento());
        for (let index = 0; index < MAX_CONVERSATIONS + 3; index++) await store.save(conversation(`c${index}`, index));
        const ids = store.list().map((item) => item.id);
        assert.equal(ids.length, MAX_CONVERSATIONS);
        assert.ok(!ids.includes("c0") && ids.includes(`c${MAX_CONVERSATIONS + 2}`));
    });

    test("data that no longer fits the schema reads as an empty list, not a crash", () => {
        const memento = new MapMemento();
        memento.values.set("gptOss.chat.conversations", [{ id: 1, nonsense: true }]);
        assert.deepEqual(new ConversationStore(memento).list(), []);
    });
});
