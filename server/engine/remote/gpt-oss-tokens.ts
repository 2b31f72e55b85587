// gpt-oss's own tokenizer, o200k_harmony (the gpt-tokenizer package), in the server process: real
// token counts when no GGUF is loaded here to count with: a remote endpoint serving gpt-oss, or
// before any model is loaded. Loaded on first use, so starting the server does not pay for
// building its 200,000-entry tables.

/** Model names of gpt-oss as endpoints list them: "openai/gpt-oss-120b", "gpt-oss:20b", "gpt-oss-20b-GGUF". */
export function isGptOssModelName(name: string | null | undefined): boolean {
    return typeof name === "string" && /gpt-oss/i.test(name);
}

type Counter = (text: string) => number;
let counter: Promise<Counter> | undefined;

/**
 * Counts text as gpt-oss tokenizes it. Harmony's special-token names in the text count as plain
 * text, as they do when a caller's message reaches the model (the chat format never lets user
 * text become control tokens).
 */
export async function gptOssTokenCounter(): Promise<Counter> {
    counter ??= import("gpt-tokenizer/encoding/o200k_harmony").then(({ countTokens }) => {
        const plain = { disallowedSpecial: new Set<string>() };
        return (text: string) => (text === "" ? 0 : countTokens(text, plain));
    });
    return counter;
}
