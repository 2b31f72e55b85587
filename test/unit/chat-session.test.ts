// The extension's chat relay without VS Code: what reaches the server, what reaches the view,
// what is saved.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ToWebview } from "../../protocol/webview.ts";
import { ChatSession } from "../../extension/chat/chat-session.ts";
import { ConversationStore } from "../../extension/chat/conversation-store.ts";
import { SYSTEM_PROMPT } from "../../extension/chat/conversation.ts";
import { FakeHost, MapMemento, recorder, ScriptedClient, type Step } from "./chat-fake-host.ts";

const STEPS: Step[] = [["analysis", "Think "], ["analysis", "hard."], ["final", "See src/a.ts:2 and "], ["final", "missing.ts:1."]];

function setup(steps = STEPS) {
    const client = new ScriptedClient(steps);
    const host = new FakeHost(client);
    const memento = new MapMemento();
    const store = new ConversationStore(memento);
    const view = recorder();
    const session = new ChatSession(host, store, view.post);
    return { client, host, memento, store, view, session };
}

describe("chat session", () => {
    test("a turn streams to the view in order, every message valid for the webview schema", async () => {
        const { session, view } = setup();
        await session.handle({ type: "ready" });
        await session.handle({ type: "send", text: "Where?", effort: "high" });
        const types = view.messages.map((message) => message.type);
        assert.deepEqual(types, ["conversation", "attachments", "attachments", "turnStarted", "chunk", "chunk", "reasoningDone", "chunk", "chunk", "turnEnded", "references"]);
        for (const message of view.messages) assert.equal(ToWebview.safeParse(message).success, true, message.type);
        const ended = view.messages.find((message) => message.type === "turnEnded");
        assert.equal(ended?.type === "turnEnded" && ended.state, "done");
        const references = view.messages.at(-1);
        assert.deepEqual(references?.type === "references" && references.references.map((reference) => reference.status), ["ok", "missing-file"]);
    });

    test("workspace lookups reach the view as they happen and are saved with the turn", async () => {
        const { session, view, store } = setup([
            ["analysis", "Look first."], ["lookup", "reading src/math.js", false], ["lookup", "reading gone.js", true], ["analysis", "Now I know."], ["final", "It adds."],
        ]);
        await session.handle({ type: "send", text: "What does add do?", effort: "low" });
        const lookups = view.messages.flatMap((message) => (message.type === "lookup" ? [message.lookup] : []));
        assert.deepEqual(lookups, [{ summary: "reading src/math.js", failed: false }, { summary: "reading gone.js", failed: true }]);
        for (const message of view.messages) assert.equal(ToWebview.safeParse(message).success, true, message.type);
        const turn = store.list()[0]!.turns[0]!;
        assert.deepEqual(turn.lookups, lookups, "a reopened conversation shows them again");
        assert.equal(turn.reasoning, "Look first.\n→ reading src/math.js\n→ reading gone.js (failed)\nNow I know.", "and the reasoning marks where they happened");
        assert.equal(turn.answer, "It adds.");
    });

    test("the second turn sends the first answer without its reasoning", async () => {
        const { session, client } = setup();
        await session.handle({ type: "send", text: "One", effort: "low" });
        await session.handle({ type: "send", text: "Two", effort: "medium" });
        const second = client.requests[1]!;
        assert.deepEqual(second.messages, [
            { role: "system", content: SYSTEM_PROMPT },
            { role: "user", content: "One" },
            { role: "assistant", content: "See src/a.ts:2 and missing.ts:1." },
            { role: "user", content: "Two" },
        ]);
        assert.equal(second.reasoningEffort, "medium");
        assert.ok(!JSON.stringify(second).includes("Think"), "no reasoning in the history");
    });

    test("Stop cancels the running request and the turn ends stopped", async () => {
        const { session, client, view } = setup();
        let release!: () => void;
        client.hold = new Promise((resolve) => { release = resolve; });
        const turn = session.handle({ type: "send", text: "Long", effort: "low" });
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(session.isRunning, true);
        await session.handle({ type: "stop" });
        await turn;
        release();
        const ended = view.messages.find((message) => message.type === "turnEnded");
        assert.equal(ended?.type === "turnEnded" && ended.state, "stopped");
        assert.equal(session.isRunning, false);
        assert.equal(session.current.turns[0]?.state, "stopped");
    });

    test("a failing turn shows the error in the turn and the view keeps working", async () => {
        const { session, host, view } = setup();
        host.readyClient = () => Promise.reject(new Error("No model is loaded."));
        await session.handle({ type: "send", text: "Hi", effort: "low" });
        const ended = view.messages.find((message) => message.type === "turnEnded");
        assert.deepEqual(ended, { type: "turnEnded", turnId: session.current.turns[0]!.id, state: "error", reasoningMs: null, error: "No model is loaded." });
    });

    test("attachments and @mentions are expanded into the prompt, and chips clear after sending", async () => {
        const { session, host, client, view } = setup();
        host.context = { selection: { label: "a.ts:1-2", text: "let a = 1;" }, problems: { label: "Problems (1)", text: "a.ts:1: error: bad" } };
        await session.handle({ type: "attach", kind: "selection" });
        const chips = view.messages.at(-1);
        assert.equal(chips?.type === "attachments" && chips.items[0]?.label, "a.ts:1-2");
        await session.handle({ type: "attach", kind: "file" });
        assert.deepEqual(view.messages.at(-1), { type: "notice", text: "No file is open in the editor." });
        await session.handle({ type: "send", text: "Fix @problems please", effort: "low" });
        const prompt = client.requests[0]!.messages.at(-1)!.content;
        assert.match(prompt, /^Fix @problems please\n\nContext:\n\na\.ts:1-2:\n```\nlet a = 1;\n```\n\nProblems \(1\):\n```\na\.ts:1: error: bad\n```$/);
        assert.deepEqual(view.messages.filter((message) => message.type === "attachments").at(-1), { type: "attachments", items: [] });
        assert.equal(session.current.turns[0]!.user, "Fix @problems please", "the view shows what was typed");
    });

    test("code actions and reference opens go to the host; only answer code can be inserted or applied", async () => {
        const { session, host } = setup([["analysis", "rm -rf ~/secret"], ["final", "```sh\necho ok\n```\n"]]);
        await session.handle({ type: "send", text: "Q", effort: "low" });
        const turnId = session.current.turns[0]!.id;
        await session.handle({ type: "copyCode", code: "x", language: "ts" });
        await session.handle({ type: "insertCode", code: "echo ok\n", language: "sh", turnId });
        await session.handle({ type: "applyCode", code: "echo ok\n", language: "sh run.sh", turnId, index: 0 });
        await session.handle({ type: "openReference", path: "src/a.ts", line: 3 });
        assert.deepEqual(host.calls, ["copy x", "insert echo ok\n", "apply sh run.sh echo ok\n", "open src/a.ts:3"]);
        // Reasoning text, or a turn that does not exist, never reaches the editor.
        await session.handle({ type: "applyCode", code: "rm -rf ~/secret", language: "sh", turnId, index: 0 });
        await session.handle({ type: "insertCode", code: "echo ok", language: "sh", turnId: "nope" });
        assert.equal(host.calls.length, 4);
        assert.equal(host.errors.length, 2);
    });

    test("conversations are saved, reopened from history, and New chat starts empty", async () => {
        const { session, host, store, view } = setup();
        await session.handle({ type: "send", text: "First question here", effort: "low" });
        const saved = store.list();
        assert.equal(saved.length, 1);
        assert.equal(saved[0]!.title, "First question here");
        assert.equal(saved[0]!.turns[0]!.reasoning, "Think hard.", "reasoning is kept for display");
        await session.handle({ type: "newChat" });
        assert.deepEqual(view.messages.filter((message) => message.type === "conversation").at(-1)?.type === "conversation" && (view.messages.filter((message) => message.type === "conversation").at(-1) as { turns: unknown[] }).turns, []);
        host.pick = saved[0]!.id;
        await session.handle({ type: "showHistory" });
        assert.equal(session.current.id, saved[0]!.id);
        // A new session (a reload) opens the most recent conversation.
        const reloaded = new ChatSession(host, store, () => undefined);
        assert.equal(reloaded.current.id, saved[0]!.id);
    });

    test("an over-long history is trimmed with a notice; an over-long question is refused, not sent", async () => {
        const { session, host, client, view } = setup([["final", "x".repeat(2400)]]);
        host.size = 2048;
        for (let index = 0; index < 3; index++) await session.handle({ type: "send", text: `Q${index}`, effort: "low" });
        const notice = view.messages.find((message) => message.type === "notice");
        assert.match(notice?.type === "notice" ? notice.text : "", /oldest exchange.*left out/);
        assert.ok(client.requests[2]!.messages.length < 6);
        const sentBefore = client.requests.length;
        await session.handle({ type: "send", text: "y".repeat(10_000), effort: "low" });
        assert.equal(client.requests.length, sentBefore);
        const ended = view.messages.filter((message) => message.type === "turnEnded").at(-1);
        assert.match(ended?.type === "turnEnded" ? ended.error ?? "" : "", /too long for the 2048-token context window/);
    });
});
