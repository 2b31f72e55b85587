// The completion prompt: harmony layout with the final channel prefilled, stable parts first, the
// code before the cursor last, windows that do not move while typing, and the cache.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildPrompt, developerMessage, prefixWindow, PROMPT_LIMITS, promptText, type PromptInput } from "../../server/completion/prompt.ts";
import { CompletionCache, completionCacheKey, type CompletionContext } from "../../protocol/index.ts";

const DATE = new Date("2026-11-25T00:00:00Z");
const GO: PromptInput = {
    path: "cmd/server/main.go",
    languageId: "go",
    prefix: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.",
    suffix: "\n}\n",
    snippets: [{ path: "internal/greet/greet.go", text: "package greet\n\nfunc Hello(name string) string { return \"Hello, \" + name }\n" }],
    date: DATE,
};

describe("completion prompt", () => {
    test("ends with the assistant turn prefilled on the final channel (no reasoning)", () => {
        const parts = buildPrompt(GO);
        assert.deepEqual(parts.slice(-5), [{ special: "<|start|>" }, { text: "assistant" }, { special: "<|channel|>" }, { text: "final" }, { special: "<|message|>" }]);
        const text = promptText(parts);
        assert.ok(text.startsWith("<|start|>system<|message|>You are ChatGPT"));
        assert.match(text, /Current date: 2026-11-25/);
        assert.ok(!text.includes("analysis<|message|>"));
    });

    test("stable parts first, the code before the cursor last", () => {
        const message = developerMessage(GO);
        const order = ["# Instructions", "internal/greet/greet.go", "# Current file: cmd/server/main.go (go)", "## Code after the cursor", "## Code before the cursor"]
            .map((marker) => message.indexOf(marker));
        assert.ok(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)), `order ${order.join(",")}`);
        assert.ok(message.endsWith("func main() {\n\tfmt."), "the message ends exactly at the cursor");
    });

    test("typing changes only the end of the prompt", () => {
        const a = promptText(buildPrompt(GO));
        const b = promptText(buildPrompt({ ...GO, prefix: `${GO.prefix}Pr` }));
        const common = [...a].findIndex((char, index) => b[index] !== char);
        assert.ok(common === -1 || common >= a.length - "<|end|><|start|>assistant<|channel|>final<|message|>".length);
    });

    test("code that contains backticks or harmony-looking text stays inside its fence as text", () => {
        const parts = buildPrompt({ ...GO, suffix: "const s = `a ``` b`; // <|end|>\n" });
        const developer = parts.find((part) => "text" in part && part.text.startsWith("# Instructions"));
        assert.ok(developer && "text" in developer && developer.text.includes("````\nconst s"));
        assert.equal(parts.filter((part) => "special" in part && part.special === "<|end|>").length, 2, "only the two real message ends are special tokens");
    });

    test("Python and Rust: the language and path are named, empty snippets left out", () => {
        const python = developerMessage({ ...GO, path: "app/models.py", languageId: "python", snippets: [{ path: "x.py", text: "  \n" }] });
        assert.match(python, /# Current file: app\/models\.py \(python\)/);
        assert.ok(!python.includes("# Other files"));
        const rust = developerMessage({ ...GO, path: "src/lib.rs", languageId: "rust" });
        assert.match(rust, /\(rust\)/);
    });

    test("a long prefix is cut at a line start on a coarse grid, so a keystroke does not move the cut", () => {
        const lines = Array.from({ length: 600 }, (_, index) => `const value${index} = ${index};`).join("\n");
        const window = prefixWindow(lines);
        assert.ok(window.length <= PROMPT_LIMITS.prefixChars);
        assert.ok(window.startsWith("const value"));
        assert.ok(prefixWindow(`${lines}\nco`).startsWith(window.slice(0, 40)));
    });
});

describe("completion cache", () => {
    const context: CompletionContext = { path: "a.ts", languageId: "typescript", prefix: "return name.", suffix: "\n}" };
    const key = completionCacheKey(context, 8);

    test("one key for one context whatever the prefix; the suffix, line budget and snippets each change it", () => {
        assert.equal(completionCacheKey({ ...context, prefix: "other" }, 8), key);
        assert.notEqual(completionCacheKey({ ...context, suffix: "\n};" }, 8), key);
        assert.notEqual(completionCacheKey(context, 1), key);
        assert.notEqual(completionCacheKey({ ...context, snippets: [{ path: "b.ts", text: "x" }] }, 8), key);
        // Snippet text cannot forge a boundary between snippets.
        assert.notEqual(
            completionCacheKey({ ...context, snippets: [{ path: "b.ts", text: "x\u0001c.ts\u0000y" }] }, 8),
            completionCacheKey({ ...context, snippets: [{ path: "b.ts", text: "x" }, { path: "c.ts", text: "y" }] }, 8),
        );
    });

    test("typing along a suggestion returns the rest of it; going back returns it whole", () => {
        const cache = new CompletionCache();
        cache.put(key, "return name.", "toUpperCase();");
        assert.equal(cache.get(key, "return name.to"), "UpperCase();");
        assert.equal(cache.get(key, "return name."), "toUpperCase();");
        assert.equal(cache.get(key, "return name.x"), null);
        assert.equal(cache.get(key, "return name.toUpperCase();"), null, "fully typed: nothing left to suggest");
        assert.equal(cache.get(completionCacheKey({ ...context, path: "b.ts" }, 8), "return name."), null);
    });

    test("an empty answer is remembered for its exact position only; capacity is bounded", () => {
        const cache = new CompletionCache(2);
        cache.put(key, "a", "");
        assert.equal(cache.get(key, "a"), "");
        assert.equal(cache.get(key, "ab"), null);
        cache.put(key, "b", "1");
        cache.put(key, "c", "2");
        assert.equal(cache.size, 2);
        assert.equal(cache.get(key, "a"), null);
    });
});
