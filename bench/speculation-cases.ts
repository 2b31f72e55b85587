// The four texts bench:speculation scripts its models to write: what an agent's edit plan, a
// chat answer quoting code, a completion and an answer that copies nothing look like.
import type { ChatMessage } from "../protocol/index.ts";

export interface BenchCase {
    name: "edit" | "chat" | "completion" | "control";
    kind: "edit" | "chat" | "completion" | "control";
    /** The prompt's own text: the user's message (with the file it shows), or the code before the cursor. */
    promptText: string;
    messages: ChatMessage[];
    /** One-token text that ends the prompt, and what the scripted model writes after it. */
    trigger: string;
    scriptOutput: string;
    /** Text the output must contain (the model followed its script). */
    expectedFragment: string;
}

const RETRY_FILE = `import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "./logger.js";

export interface FetchOptions {
    url: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
}

export async function fetchWithRetry(options: FetchOptions): Promise<Response> {
    let lastError: unknown = undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            const response = await fetch(options.url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10000) });
            if (response.ok) return response;
            lastError = new Error(\`HTTP \${response.status} from \${options.url}\`);
        } catch (error) {
            lastError = error;
        }
        logger.warn(\`attempt \${attempt} failed: \${String(lastError)}\`);
        await sleep(250 * attempt);
    }
    throw lastError;
}
`;

// The anchor copies the loop from the file; the replacement is short and new: a block replaced by a helper call.
const SEARCH = `    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            const response = await fetch(options.url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10000) });
            if (response.ok) return response;
            lastError = new Error(\`HTTP \${response.status} from \${options.url}\`);
        } catch (error) {
            lastError = error;
        }
        logger.warn(\`attempt \${attempt} failed: \${String(lastError)}\`);
        await sleep(250 * attempt);
    }`;
const REPLACE = "    return retryLoop(options, retries);";
const PLAN = JSON.stringify({
    summary: "Move the loop into retryLoop",
    files: [{ action: "edit", path: "src/fetch-retry.ts", edits: [{ search: SEARCH, replace: REPLACE }] }],
});
const EDIT_PROMPT = `Move the retry loop into a helper. src/fetch-retry.ts:\n\n${RETRY_FILE}`;

const QUOTED = `export async function fetchWithRetry(options: FetchOptions): Promise<Response> {
    let lastError: unknown = undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            const response = await fetch(options.url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10000) });
            if (response.ok) return response;
            lastError = new Error(\`HTTP \${response.status} from \${options.url}\`);
        } catch (error) {
            lastError = error;
        }`;
const CHAT_PROMPT = `Where does this file retry, and what happens on a timeout?\n\n${RETRY_FILE}`;
const CHAT_ANSWER = `The retry loop is in fetchWithRetry:\n\n\`\`\`ts\n${QUOTED}\n\`\`\`\n\nA timeout aborts the fetch, which throws; the catch keeps that error and the loop tries again.`;

const HANDLERS = `const handlers = {
    open: (event) => audit.record("open", event.id, event.user, event.time),
    close: (event) => audit.record("close", event.id, event.user, event.time),
    save: (event) => audit.record("save", event.id, event.user, event.time),
    `;
const COMPLETION = `rename: (event) => audit.record("rename", event.id, event.user, event.time),
    remove: (event) => audit.record("remove", event.id, event.user, event.time),`;

const CONTROL_PROMPT = "Suggest a name for a small bakery that opens near a river.";
const CONTROL_ANSWER = "How about Riverside Crumb? It is short, easy to remember, and hints at both the water nearby and fresh bread. Other ideas: Millstream Loaf, Tideline Pastry, or Willow Bank Ovens.";

const user = (content: string): ChatMessage[] => [{ role: "user", content }];

export const CASES: BenchCase[] = [
    { name: "edit", kind: "edit", promptText: EDIT_PROMPT, messages: user(EDIT_PROMPT), trigger: "assistant", scriptOutput: `<|channel|>final<|message|>${PLAN}<|return|>`, expectedFragment: "retryLoop(options, retries)" },
    { name: "chat", kind: "chat", promptText: CHAT_PROMPT, messages: user(CHAT_PROMPT), trigger: "assistant", scriptOutput: `<|channel|>final<|message|>${CHAT_ANSWER}<|return|>`, expectedFragment: "The retry loop is in fetchWithRetry" },
    { name: "completion", kind: "completion", promptText: HANDLERS, messages: [], trigger: "<|message|>", scriptOutput: `${COMPLETION}<|return|>`, expectedFragment: "rename: (event)" },
    { name: "control", kind: "control", promptText: CONTROL_PROMPT, messages: user(CONTROL_PROMPT), trigger: "assistant", scriptOutput: `<|channel|>final<|message|>${CONTROL_ANSWER}<|return|>`, expectedFragment: "Riverside Crumb" },
];
