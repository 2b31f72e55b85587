// Faults in what the extension keeps (issue 16's fault suite): a damaged conversation entry, a
// truncated model file, and a full disk while a conversation is saved. After each: nothing that
// was saved before is lost, the user is told what happened, and the next request works.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ChatSession } from "../../extension/chat/chat-session.ts";
import { ConversationStore, UNREADABLE_KEY, type MementoLike } from "../../extension/chat/conversation-store.ts";
import type { Conversation } from "../../extension/chat/conversation.ts";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";
import { FakeHost, MapMemento, recorder, ScriptedClient } from "../unit/chat-fake-host.ts";
import { recordFault } from "./fault-ledger.ts";

const KEY = "gptOss.chat.conversations";

function conversation(id: string, updatedAt: number): Conversation {
    return { id, title: `T ${id}`, createdAt: 0, updatedAt, turns: [{ id: `${id}-1`, user: `question ${id}`, prompt: `question ${id}`, reasoning: "", answer: `answer ${id}`, reasoningMs: null, state: "done", references: [], lookups: [] }] };
}

describe("a corrupted conversation entry in the extension's storage", () => {
    test("the others load and stay through the next save; the bad one is set aside and logged", async () => {
        const memento = new MapMemento(); // test double of VS Code's workspaceState
        const damaged = { id: "damaged", title: "half", createdAt: 0, updatedAt: 5, turns: [{ id: "x", user: 42 }] };
        memento.values.set(KEY, [conversation("a", 1), damaged, conversation("b", 2)]);
        const logged: string[] = [];
        const store = new ConversationStore(memento, (line) => logged.push(line));
        const host = new FakeHost(new ScriptedClient([["final", "Fine."]]));
        const session = new ChatSession(host, store, recorder().post);
        assert.equal(session.current.id, "b", "the newest readable conversation opens");
        await session.handle({ type: "send", text: "Still there?", effort: "low" });
        const ids = store.list().map((item) => item.id).sort();
        assert.deepEqual(ids, ["a", "b"]);
        assert.equal(store.get("b")?.turns.at(-1)?.answer, "Fine.");
        assert.deepEqual(memento.get(UNREADABLE_KEY), [damaged]);
        assert.equal(logged.length, 1);
        assert.deepEqual(host.errors, []);
        recordFault({ fault: "corrupted conversation entry in storage", injected: "one of three stored conversations does not parse", recovered: true, itemsLost: 0, falseErrorNotifications: host.errors.length, userMessage: logged[0] });
    });
});

describe("a truncated model file", () => {
    let server: ServerHandle;
    let folder: string;
    before(async () => {
        server = await startServer();
        folder = await mkdtemp(path.join(os.tmpdir(), "gptoss-fault-model-"));
    });
    after(async () => {
        await server.stop();
        await rm(folder, { recursive: true, force: true });
    });

    test("loading it fails with a message that names the problem, the server stays up, and a good file loads", async () => {
        const good = await createRandomModel({ seed: 21 });
        const cut = path.join(folder, "cut.gguf");
        await copyFile(good, cut);
        const size = readFileSync(good).length;
        await truncate(cut, Math.floor(size * 0.6));
        let message = "";
        await assert.rejects(server.client.load(testConfig(cut)), (error: Error & { data?: { code?: string } }) => {
            message = error.message;
            assert.ok(error.data?.code === "model-invalid" || error.data?.code === "model-not-found", `code ${error.data?.code}: ${error.message}`);
            assert.match(error.message, /truncated|incomplete|damaged|smaller|not a|could not be loaded|bytes/i);
            return true;
        });
        assert.equal((await server.client.status()).state, "error");
        assert.equal((await server.client.load(testConfig(good))).state, "ready");
        recordFault({ fault: "truncated model file", injected: "the GGUF cut to 60 % of its size", recovered: true, itemsLost: 0, falseErrorNotifications: 0, userMessage: message });
    });
});

/**
 * Test double of VS Code's workspaceState storage: the values as one JSON file in the storage
 * folder, written to a temporary file and renamed over the old one (so a failed write leaves the
 * old file whole, as VS Code's storage does with its database).
 */
class FileMemento implements MementoLike {
    constructor(private readonly file: string) {}
    get<T>(key: string): T | undefined {
        try {
            return (JSON.parse(readFileSync(this.file, "utf8")) as Record<string, T>)[key];
        } catch {
            return undefined;
        }
    }
    async update(key: string, value: unknown): Promise<void> {
        let all: Record<string, unknown> = {};
        try {
            all = JSON.parse(await readFile(this.file, "utf8")) as Record<string, unknown>;
        } catch {
            // nothing stored yet
        }
        all[key] = value;
        const temporary = `${this.file}.tmp`;
        try {
            await writeFile(temporary, JSON.stringify(all));
            await rename(temporary, this.file);
        } catch (error) {
            await rm(temporary, { force: true });
            throw error;
        }
    }
}

describe("the disk full while a conversation is saved", () => {
    let storage: string;
    let mounted = false;
    before(async () => {
        storage = await mkdtemp(path.join(os.tmpdir(), "gptoss-fault-storage-"));
        try {
            execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", storage], { stdio: "pipe" });
            mounted = true;
        } catch {
            mounted = false;
        }
    });
    after(async () => {
        if (mounted) execFileSync("umount", [storage]);
        await rm(storage, { recursive: true, force: true });
    });

    test("the old conversation stays intact, the user is told why, and the next save after space is freed keeps everything", async (t) => {
        if (!mounted) {
            t.skip("mounting a tmpfs needs root (CI runs as root)");
            return;
        }
        const file = path.join(storage, "state.json");
        const store = new ConversationStore(new FileMemento(file));
        const host = new FakeHost(new ScriptedClient([["final", "A long answer. ".repeat(200)]]));
        const session = new ChatSession(host, store, recorder().post);
        await session.handle({ type: "send", text: "First question", effort: "low" });
        const saved = readFileSync(file, "utf8");
        assert.equal(store.list()[0]?.turns.length, 1);

        // Fill the folder: the next save has no room.
        const filler = path.join(storage, "filler");
        await writeFile(filler, Buffer.alloc(64 * 1024 - saved.length - 4096)).catch(() => undefined);
        await session.handle({ type: "send", text: "Second question", effort: "low" });
        assert.equal(host.errors.length, 1, host.errors.join("\n"));
        assert.match(host.errors[0]!, /^Could not save the conversation: .*(ENOSPC|no space)/i);
        assert.equal(readFileSync(file, "utf8"), saved, "the saved conversation is byte for byte what it was");
        assert.equal(session.current.turns.length, 2, "the new turn is still on screen");

        await rm(filler);
        await session.handle({ type: "send", text: "Third question", effort: "low" });
        assert.equal(host.errors.length, 1, "no new error");
        assert.deepEqual(store.list()[0]?.turns.map((turn) => turn.user), ["First question", "Second question", "Third question"]);
        recordFault({
            fault: "disk full while a conversation is saved", injected: "a 64 KiB tmpfs as the storage folder, filled before the second save",
            recovered: true, itemsLost: 0, falseErrorNotifications: 0, userMessage: host.errors[0],
        });
    });
});
