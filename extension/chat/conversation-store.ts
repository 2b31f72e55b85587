// Conversations saved per workspace (workspaceState). The store sees only a Memento-shaped
// object, so tests use a Map. Saved data is parsed on read: a store written by an older version
// that no longer fits is dropped, never crashes the view.
import { z } from "zod";
import { TurnView } from "../../protocol/webview.ts";
import type { Conversation } from "./conversation.ts";

export interface MementoLike {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): Thenable<void>;
}

const KEY = "gptOss.chat.conversations";
/** Oldest conversations beyond this are forgotten, so workspaceState stays small. */
export const MAX_CONVERSATIONS = 50;

const StoredConversation = z.object({
    id: z.string(),
    title: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    turns: z.array(TurnView.extend({ prompt: z.string() })),
});

export class ConversationStore {
    constructor(private readonly memento: MementoLike) {}

    /** Newest first. */
    list(): Conversation[] {
        const parsed = z.array(StoredConversation).safeParse(this.memento.get(KEY) ?? []);
        const all = parsed.success ? parsed.data : [];
        return all.sort((a, b) => b.updatedAt - a.updatedAt);
    }

    get(id: string): Conversation | undefined {
        return this.list().find((conversation) => conversation.id === id);
    }

    async save(conversation: Conversation): Promise<void> {
        if (conversation.turns.length === 0) return; // an empty "New chat" is not worth a list entry
        // A turn still running is saved as stopped: after a reload nothing is streaming into it.
        const turns = conversation.turns.map((turn) => (turn.state === "running" ? { ...turn, state: "stopped" as const } : turn));
        const others = this.list().filter((item) => item.id !== conversation.id);
        await this.memento.update(KEY, [{ ...conversation, turns }, ...others].slice(0, MAX_CONVERSATIONS));
    }

    async rename(id: string, title: string): Promise<void> {
        await this.memento.update(KEY, this.list().map((item) => (item.id === id ? { ...item, title } : item)));
    }

    async delete(id: string): Promise<void> {
        await this.memento.update(KEY, this.list().filter((item) => item.id !== id));
    }
}
