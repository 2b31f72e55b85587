// Harmony history rules and context-window fitting for chat.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { historyMessages, titleFrom, type StoredTurn } from "../../extension/chat/conversation.ts";
import { answerReserve, fitHistory } from "../../extension/chat/context-window.ts";
import { mentionedKinds, promptWithContext } from "../../extension/chat/prompt.ts";

function turn(overrides: Partial<StoredTurn>): StoredTurn {
    return { id: "t", user: "q", prompt: "q", reasoning: "", answer: "a", reasoningMs: null, state: "done", references: [], lookups: [], ...overrides };
}

describe("chat history", () => {
    test("finished turns go back without reasoning; unanswered, failed and running ones not at all", () => {
        const messages = historyMessages([
            turn({ prompt: "Q1 with context", user: "Q1", reasoning: "secret thoughts", answer: "A1" }),
            turn({ prompt: "Q2", state: "error", answer: "", error: "boom" }),
            turn({ prompt: "Q3", state: "stopped", answer: "" }),
            turn({ prompt: "Q4", state: "stopped", reasoning: "half", answer: "partial A4" }),
            turn({ prompt: "Q5", state: "running", answer: "streaming" }),
        ]);
        assert.deepEqual(messages, [
            { role: "user", content: "Q1 with context" },
            { role: "assistant", content: "A1" },
            { role: "user", content: "Q4" },
            { role: "assistant", content: "partial A4" },
        ]);
    });

    test("titles come from the first line, shortened", () => {
        assert.equal(titleFrom("How do I\nsort?"), "How do I");
        assert.equal(titleFrom("x".repeat(100)).length, 58);
        assert.equal(titleFrom("   "), "New chat");
    });
});

describe("context window", () => {
    const system = { role: "system" as const, content: "s" };
    const question = { role: "user" as const, content: "q" };
    const pair = (size: number) => [{ role: "user" as const, content: "u" }, { role: "assistant" as const, content: "a".repeat(size) }];

    test("everything is kept when it fits", () => {
        const fitted = fitHistory(system, [...pair(10), ...pair(10)], question, 4096);
        assert.equal(fitted?.droppedTurns, 0);
        assert.equal(fitted?.messages.length, 6);
    });

    test("the oldest pairs go first, whole, and the newest stay", () => {
        const earlier = [...pair(4000), ...pair(9000), ...pair(30)];
        const fitted = fitHistory(system, earlier, question, 4096)!;
        assert.equal(fitted.droppedTurns, 2);
        assert.deepEqual(fitted.messages, [system, ...pair(30), question]);
    });

    test("a question that cannot fit at all is refused", () => {
        assert.equal(fitHistory(system, [], { role: "user", content: "q".repeat(20_000) }, 4096), null);
    });

    test("the answer keeps a quarter of the window, at most 4096 tokens", () => {
        assert.equal(answerReserve(2048), 512);
        assert.equal(answerReserve(131072), 4096);
    });
});

describe("prompt context", () => {
    test("mentions are found once each, not inside words or e-mail addresses", () => {
        assert.deepEqual(mentionedKinds("look at @file and @problems, again @file"), ["file", "problems"]);
        assert.deepEqual(mentionedKinds("mail me@selection.com or @filer"), []);
    });

    test("attached text cannot close its fence early", () => {
        const prompt = promptWithContext("Q", [{ label: "a.md", text: "```\ninner\n```" }]);
        assert.equal(prompt, "Q\n\nContext:\n\na.md:\n````\n```\ninner\n```\n````");
    });
});
