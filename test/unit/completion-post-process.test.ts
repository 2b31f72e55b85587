// Post-processing of raw model output into ghost text, on real snippets in several languages.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { effectiveMaxLines, postProcess, shouldStop } from "../../server/completion/post-process.ts";

describe("suffix overlap and bracket balance", () => {
    test("TypeScript: the closers the file already has after the cursor are not repeated", () => {
        const prefix = "const total = values.reduce((sum, value) => sum + value";
        assert.equal(postProcess(", 0);", { prefix, suffix: ");\n", maxLines: 8 }), ", 0");
    });

    test("TypeScript: a stray extra closer before the suffix's closer is dropped", () => {
        const prefix = "console.log(format(";
        assert.equal(postProcess("user.name))", { prefix, suffix: ")\n", maxLines: 8 }), "user.name)");
    });

    test("TypeScript: closers beyond what the line opened are dropped even with nothing after the cursor", () => {
        assert.equal(postProcess("x));", { prefix: "console.log(", suffix: "\n", maxLines: 8 }), "x);");
    });

    test("Python: a call completed inside existing parentheses", () => {
        const prefix = "def area(r):\n    return math.pow(";
        assert.equal(postProcess("r, 2)", { prefix, suffix: ")\n", maxLines: 8 }), "r, 2");
    });

    test("Go: the closing brace the file has is not duplicated", () => {
        const prefix = "func add(a, b int) int {\n\treturn a";
        const suffix = "\n}\n";
        assert.equal(postProcess(" + b\n}", { prefix, suffix, maxLines: 8 }), " + b");
    });

    test("Rust: the rest of a line inside a match arm, with the suffix's comma", () => {
        const prefix = "match shape {\n    Shape::Circle(r) => std::f64::consts::PI * r";
        const suffix = ",\n    Shape::Square(s) => s * s,\n}";
        assert.equal(postProcess(" * r,", { prefix, suffix, maxLines: 8 }), " * r");
    });
});

describe("line budget, end of block, repetition", () => {
    test("code after the cursor on its line keeps the suggestion on that line", () => {
        assert.equal(effectiveMaxLines({ prefix: "foo(", suffix: ")\nbar", maxLines: 8 }), 1);
        assert.equal(postProcess("a,\n  b", { prefix: "foo(", suffix: ")\n", maxLines: 8 }), "a,");
    });

    test("at most maxLines lines", () => {
        const text = "a = 1\nb = 2\nc = 3\nd = 4";
        assert.equal(postProcess(text, { prefix: "", suffix: "", maxLines: 2 }), "a = 1\nb = 2");
    });

    test("Python: stops where the block ends (a line less indented than the cursor's)", () => {
        const prefix = "def greet(name):\n    if name:\n        ";
        const raw = "return f\"Hello, {name}\"\n    return \"Hello\"\n\ndef other():";
        assert.equal(postProcess(raw, { prefix, suffix: "", maxLines: 8 }), "return f\"Hello, {name}\"");
    });

    test("TypeScript: stops when the completion starts repeating the lines after the cursor", () => {
        const prefix = "function init() {\n    ";
        const suffix = "\n    start();\n}\n";
        const raw = "configure();\n    start();\n}";
        assert.equal(postProcess(raw, { prefix, suffix, maxLines: 8 }), "configure();");
        assert.ok(shouldStop("configure();\n    start();\n", { prefix, suffix, maxLines: 8 }));
        assert.ok(!shouldStop("configure();\n    sta", { prefix, suffix, maxLines: 8 }));
    });

    test("Go: a multi-line body keeps its indentation", () => {
        const prefix = "func main() {\n\t";
        const raw = "for i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}\n}";
        assert.equal(postProcess(raw, { prefix, suffix: "\n}\n", maxLines: 8 }), "for i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}");
    });
});

describe("indentation, whitespace and duplicates", () => {
    test("the indentation the cursor's line already has is not typed twice", () => {
        const prefix = "fn main() {\n    ";
        assert.equal(postProcess("    println!(\"hi\");", { prefix, suffix: "\n}", maxLines: 8 }), "println!(\"hi\");");
    });

    test("whitespace-only output is no suggestion", () => {
        assert.equal(postProcess("  \n\t\n", { prefix: "x = ", suffix: "", maxLines: 8 }), "");
    });

    test("a suggestion that is exactly the code after the cursor is dropped", () => {
        assert.equal(postProcess("return x;", { prefix: "    ", suffix: "return x;\n}", maxLines: 8 }), "");
    });

    test("a suggestion that repeats what the line before the cursor ends with is dropped (just accepted)", () => {
        assert.equal(postProcess("a * b;", { prefix: "    return a * b;", suffix: "\n}", maxLines: 8 }), "");
        assert.equal(postProcess(" * b;", { prefix: "    return a", suffix: "\n}", maxLines: 8 }), " * b;");
    });

    test("code fences and trailing spaces are removed", () => {
        assert.equal(postProcess("```ts\nlet a = 1;  \n```\nmore", { prefix: "", suffix: "", maxLines: 8 }), "let a = 1;");
    });
});
