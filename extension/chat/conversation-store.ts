// Conversations saved per workspace (workspaceState). The store sees only a Memento-shaped
// object, so tests use a Map. Saved data is parsed entry by entry on read: one entry that no
// longer fits (an older version, a damaged file) is set aside under its own key and logged,
// and the others load and stay; nothing is dropped by the next save.
import { z } from "zod";
import { TurnView } from "../../protocol/webview.ts";
import type { Conversation } from "./conversation.ts";

export interface MementoLike {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): Thenable<void>;
}

const KEY = "gptOss.chat.conversations";
/** Where entries that could not be read are kept, as they were, so nothing is lost silently. */
export const UNREADABLE_KEY = "gptOss.chat.unreadableConversations";
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
    private readonly logged = new Set<string>();

    constructor(private readonly memento: MementoLike, private readonly log: (line: string) => void = () => undefined) {}

    /** Newest first. */
    list(): Conversation[] {
        return this.read().good.sort((a, b) => b.updatedAt - a.updatedAt);
    }

    /** The stored entries that parse, and the raw ones that do not. */
    private read(): { good: Conversation[]; bad: unknown[] } {
        const raw = this.memento.get<unknown>(KEY) ?? [];
        const entries = Array.isArray(raw) ? raw : [raw];
        const good: Conversation[] = [];
        const bad: unknown[] = [];
        for (const entry of entries) {
            const parsed = Array.isArray(raw) ? StoredConversation.safeParse(entry) : null;
            if (parsed?.success) good.push(parsed.data);
            else {
                bad.push(entry);
                this.logOnce(entry, parsed?.error.issues[0]?.message ?? "not a list of conversations");
            }
        }
        return { good, bad };
    }

    private logOnce(entry: unknown, why: string): void {
        const text = JSON.stringify(entry) ?? String(entry);
        if (this.logged.has(text)) return;
        this.logged.add(text);
        const id = (entry as { id?: unknown } | null)?.id;
        this.log(`chat history: a saved conversation could not be read and was set aside under ${UNREADABLE_KEY} (${typeof id === "string" ? `id ${id}, ` : ""}${why}): ${text.slice(0, 200)}`);
    }

    /** Writes `conversations` as the list, first moving any unreadable entries aside (never overwriting them). */
    private async write(conversations: Conversation[]): Promise<void> {
        const { bad } = this.read();
        if (bad.length > 0) {
            const aside = this.memento.get<unknown>(UNREADABLE_KEY);
            await this.memento.update(UNREADABLE_KEY, [...(Array.isArray(aside) ? aside : []), ...bad]);
        }
        await this.memento.update(KEY, conversations);
    }

    get(id: string): Conversation | undefined {
        return this.list().find((conversation) => conversation.id === id);
    }

    async save(conversation: Conversation): Promise<void> {
        if (conversation.turns.length === 0) return; // an empty "New chat" is not worth a list entry
        // A turn still running is saved as stopped: after a reload nothing is streaming into it.
        const turns = conversation.turns.map((turn) => (turn.state === "running" ? { ...turn, state: "stopped" as const } : turn));
        const others = this.list().filter((item) => item.id !== conversation.id);
        await this.write([{ ...conversation, turns }, ...others].slice(0, MAX_CONVERSATIONS));
    }

    async rename(id: string, title: string): Promise<void> {
        await this.write(this.list().map((item) => (item.id === id ? { ...item, title } : item)));
    }

    async delete(id: string): Promise<void> {
        await this.write(this.list().filter((item) => item.id !== id));
    }
}
