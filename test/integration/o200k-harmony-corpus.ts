// Texts the o200k_harmony tokenizer test runs through both tokenizers: code in seven languages,
// scripts and symbols from across Unicode, whitespace the pre-tokenizer splits in several ways,
// and harmony conversations that use every named special token and reserved ones.

const TYPESCRIPT = `import { readFile } from "node:fs/promises";

export async function loadConfig(path: string): Promise<Record<string, unknown>> {
\tconst text = await readFile(path, "utf8");
\treturn JSON.parse(text) as Record<string, unknown>; // can't be undefined
}
`;

const PYTHON = `def fib(n: int) -> int:
    """Return the n-th Fibonacci number."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


if __name__ == "__main__":
    print(f"{fib(30):,}")  # 832,040
`;

const RUST = `use std::collections::HashMap;

fn count_words(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}
`;

const GO = `package main

import "fmt"

func main() {
\tch := make(chan int, 3)
\tgo func() { for i := 0; i < 3; i++ { ch <- i * i }; close(ch) }()
\tfor v := range ch {
\t\tfmt.Printf("%d\\n", v)
\t}
}
`;

const C = `#include <stdio.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; ++i) printf("%s%c", argv[i], i + 1 < argc ? ' ' : '\\n');
    return 0;
}
`;

const SQL = "SELECT u.id, COUNT(o.id) AS orders\nFROM users u LEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at >= '2024-01-01'\nGROUP BY u.id HAVING COUNT(o.id) > 3;\n";

const SHELL = "#!/bin/sh\nset -eu\nfor f in \"$@\"; do\n  [ -f \"$f\" ] && wc -l -- \"$f\" | awk '{print $1}'\ndone 2>/dev/null\n";

const CJK = "日本語のテキストを分割します。中文分词测试：你好，世界！한국어 문장도 있습니다.";
const EMOJI = "Ship it 🚀🚀 — family 👨‍👩‍👧‍👦, flags 🇫🇷🇯🇵, skin tones 👍🏽, keycap 1️⃣, and ❤️‍🔥.";
const COMBINING = "Cafe\u0301 vs café; A\u030A vs Å; n\u0303o; Zalgo: Z\u0351\u034Ba\u0352\u0310l\u0307g\u0352o\u0358; Thai ภาษาไทย; Arabic مَرْحَبًا; Tiếng Việt có dấu.";
const INDIC = "Hindi हिन्दी; Bengali বাংলা; Tamil தமிழ்; Telugu తెలుగు.";
const SYMBOLS = "∀x∈ℝ: x² ≥ 0 ⇒ √(x²) = |x|; €100 ≈ ¥15,000; «quotes» „German“ 'single' — en–dash… ½ ⅓ ©®™ ° ±";
const NUMBERS = "1 12 123 1234 12345 123456 3.14159 -0.5e-10 0xDEADBEEF 1_000_000 ٣٤٥ ١٢٣";
const WHITESPACE = "a  b   c    d\t\te\t \tf\n\n\ng\r\nh \n \n  \t\n        indented\n\t\t\ttabs\n   \n";
const MIXED_CASE = "HTTPServer parseJSONResponse XMLHttpRequest getHTTPSUrl I'm YOU'RE they'll we'D iOS macOS CamelCase snake_case SCREAMING_CASE";

const HARMONY_CHAT = [
    "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: 2025-06-28\n\nReasoning: high\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.<|end|>",
    "<|start|>developer<|message|># Instructions\n\nAnswer in French.\n\n# Tools\n\n## functions\n\nnamespace functions {\n\n// Reads a file\ntype read_file = (_: {\n// The path\npath: string,\n}) => any;\n\n} // namespace functions<|end|>",
    "<|start|>user<|message|>Lis le fichier « notes.md », s'il te plaît.<|end|>",
    "<|start|>assistant<|channel|>analysis<|message|>Need to read notes.md first.<|end|>",
    '<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"notes.md"}<|call|>',
    '<|start|>functions.read_file to=assistant<|channel|>commentary<|message|>{"content":"# Notes\\n- 🍎 pommes\\n- 日本"}<|end|>',
    "<|start|>assistant<|channel|>final<|message|>Le fichier contient deux notes : des pommes 🍎 et « 日本 ».<|return|>",
].join("");

const HARMONY_CONTROL = "<|startoftext|>text<|endoftext|><|endofprompt|><|reserved_200000|><|reserved_200001|><|reserved_200004|><|reserved_200009|><|reserved_200017|><|reserved_200100|><|reserved_201087|>";
const SPECIAL_LOOKALIKES = "<|not_a_token|> < |start| > <|START|> <| end |> <|message|x";

export const TOKENIZER_CORPUS: Readonly<Record<string, string>> = {
    "TypeScript": TYPESCRIPT, "Python": PYTHON, "Rust": RUST, "Go": GO, "C": C, "SQL": SQL, "shell": SHELL,
    "CJK": CJK, "emoji": EMOJI, "combining marks (Latin, Thai, Arabic, Vietnamese)": COMBINING, "Indic scripts": INDIC, "symbols": SYMBOLS, "numbers": NUMBERS,
    "whitespace runs and tabs": WHITESPACE, "mixed case and contractions": MIXED_CASE,
    "harmony conversation (every named special token)": HARMONY_CHAT, "control and reserved tokens": HARMONY_CONTROL,
    "special-token lookalikes": SPECIAL_LOOKALIKES,
};

/**
 * Texts where llama.cpp's "gpt-4o" pre-tokenizer, the one gpt-oss-20b's own GGUF names, splits
 * differently from tiktoken's o200k regex: llama-vocab.cpp's rewrite of the regex tests letters
 * with \p{L} only, so a vowel sign (\p{M}) after a consonant starts a new piece instead of staying
 * in the word. gpt-oss under llama.cpp spends more tokens on these scripts than OpenAI's tokenizer.
 */
export const LLAMA_CPP_SPLIT_DIFFERS: ReadonlySet<string> = new Set(["Indic scripts"]);
