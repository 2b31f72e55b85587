// Inline completions while typing: replays a typing session on a real source file of this project
// (a few hundred keystrokes, character by character, at a seeded human-like pace with pauses)
// through the real path (typed client → JSON-RPC over IPC → language server → completion service)
// with the extension provider's behaviour (its own type-along cache, debounce, cancel on the next
// keystroke), against the bench-size synthetic gpt-oss model. Reports requests, cancellations,
// cache hits, prompt tokens evaluated per generation against the naive whole-prompt count, and
// latency from request to suggestion. Runs the session with swaFullCache on and off, and once
// more with a chat generation running all the time on the same server (under_chat_ratio: its
// p50 over the idle p50; chat generations yield to completions, engine/generation-priority.ts),
// then the same chat with nobody typing (the chat's tokens/s with and without typing: the price
// of that priority), and once with a
// fill-in-the-middle model beside gpt-oss (gptOss.completions.fimModelPath) answering instead. Then
// the same requests one at a time through the server and as raw in-process engine calls: the
// path's overhead.
import { getLlama } from "node-llama-cpp";
import { CompletionCache, completionCacheKey, CompletionStatsRequest, CompletionWarmRequest, InlineCompletionRequest, RequestCancelledError, type CompletionParams } from "../protocol/index.ts";
import { shouldStop } from "../server/completion/post-process.ts";
import { buildPrompt } from "../server/completion/prompt.ts";
import { runCompletion, tokenizePrompt } from "../server/completion/sequence-runner.ts";
import { BENCH_MODEL_OPTIONS, createScriptedModel, FIM_TOKENS } from "../test/fixtures/synthetic-model/index.ts";
import { startServer, testConfig } from "../test/support/server-process.ts";
import { median, printTable, writeBenchResults } from "./support/bench-results.ts";
import { MAX_LINES, MAX_TOKENS, percentile, SOURCE_FILE, typingSession as typingSessionOf } from "./support/typing-session.ts";

const DEBOUNCE_MS = 150;
// The typing session, shared with bench:peers (bench/support/typing-session.ts).
const typing = typingSessionOf();
const { region, paramsAt } = typing;
const typingSession = () => typing.keystrokes();

// A model that answers every completion prompt with a short line (its prompt ends in <|message|>).
const modelPath = await createScriptedModel({ ...BENCH_MODEL_OPTIONS, scripts: [{ trigger: "<|message|>", output: " // next<|return|>" }] });
// The same size, declaring FIM tokens: answers every infill prompt (it ends in the middle token) alike.
const FIM_MODEL_NAME = "bench FIM coder";
const fimModelPath = await createScriptedModel({
    ...BENCH_MODEL_OPTIONS, name: FIM_MODEL_NAME, fillInTheMiddle: true, scripts: [{ trigger: FIM_TOKENS.middle, output: " // next<|endoftext|>" }],
});

/** One chat turn after another, as a long chat answer would keep the engine busy. */
const CHAT_TURN = { messages: [{ role: "user" as const, content: "Explain this code." }], reasoningEffort: "low" as const, maxTokens: 64, sampling: { seed: 1 } };

interface ChatFigures { turns: number; generatedTokens: number; durationMs: number }

function chatTokensPerSecond(chat: ChatFigures): number {
    return chat.durationMs === 0 ? 0 : chat.generatedTokens / (chat.durationMs / 1000);
}

interface SessionResult {
    chat: ChatFigures;
    requests: number; cancelled: number; clientCacheHits: number; serverCacheHits: number; joined: number;
    latencies: number[]; generatedLatencies: number[]; warmTokens: number; evaluatedTokens: number; naivePromptTokens: number; generations: number;
}

/** Plays the session against the server as the extension's provider would. */
async function playSession(swaFullCache: boolean, withChat: boolean, fim = false, priority = true): Promise<SessionResult> {
    process.env.GPTOSS_COMPLETION_SWA_FULL_CACHE = String(swaFullCache);
    process.env.GPTOSS_GENERATION_PRIORITY = priority ? "on" : "off";
    const server = await startServer();
    try {
        // Threads as the product chooses them by default (gptOss.threads 0): on the CPU the chat
        // gets half the cores and completions all math cores (llama-runtime.ts).
        const status = await server.client.load(testConfig(modelPath, { contextSize: 4096, threads: 0, ...(fim ? { completionModelPath: fimModelPath } : {}) }));
        if (fim && status.completionModelName !== FIM_MODEL_NAME) throw new Error(`the FIM model did not load: ${status.notice}`);
        const client = server.client;
        let chatRunning = withChat;
        const chat: ChatFigures = { turns: 0, generatedTokens: 0, durationMs: 0 };
        const chatLoop = (async () => {
            while (chatRunning) {
                const turn = await client.chatTurn(CHAT_TURN, () => undefined);
                chat.turns += 1;
                chat.generatedTokens += turn.usage.generatedTokens;
                chat.durationMs += turn.usage.durationMs;
            }
        })();
        // The file was opened: the extension warms the sequence.
        await client.request(CompletionWarmRequest, paramsAt(""));
        // Counted apart: the warm-up is paid once per file, the figures below are per keystroke.
        const warmStats = await client.request(CompletionStatsRequest, { reset: true });

        const localCache = new CompletionCache(32);
        const result: SessionResult = { chat, requests: 0, cancelled: 0, clientCacheHits: 0, serverCacheHits: 0, joined: 0, latencies: [], generatedLatencies: [], warmTokens: warmStats.evaluatedTokens, evaluatedTokens: 0, naivePromptTokens: 0, generations: 0 };
        let inFlight: AbortController | null = null;
        let debounce: NodeJS.Timeout | null = null;
        const pending: Array<Promise<void>> = [];
        const keyOf = (params: CompletionParams) => completionCacheKey(params, MAX_LINES);

        for (const keystroke of typingSession()) {
            // The document changed: VS Code cancels the provider's token.
            inFlight?.abort();
            if (debounce) clearTimeout(debounce);
            const params = paramsAt(keystroke.text);
            if (localCache.get(keyOf(params), params.prefix) !== null) {
                result.clientCacheHits += 1;
            } else {
                const abort = new AbortController();
                inFlight = abort;
                debounce = setTimeout(() => {
                    result.requests += 1;
                    const started = performance.now();
                    pending.push(client.request(InlineCompletionRequest, params, abort.signal).then((answer) => {
                        result.latencies.push(performance.now() - started);
                        if (answer.source === "cache") result.serverCacheHits += 1;
                        if (answer.source === "joined") result.joined += 1;
                        if (answer.source === "generated") result.generatedLatencies.push(performance.now() - started);
                        localCache.put(keyOf(params), params.prefix, answer.text);
                    }, (error: unknown) => {
                        if (error instanceof RequestCancelledError) result.cancelled += 1;
                        else throw error;
                    }));
                }, DEBOUNCE_MS);
            }
            await new Promise((resolve) => setTimeout(resolve, keystroke.delayMs));
        }
        await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS + 10));
        await Promise.all(pending);
        chatRunning = false;
        await chatLoop;
        const stats = await client.request(CompletionStatsRequest, {});
        result.evaluatedTokens = stats.evaluatedTokens;
        result.naivePromptTokens = stats.naivePromptTokens;
        result.generations = stats.generationsStarted;
        if (stats.maxConcurrentGenerations > 1) throw new Error(`${stats.maxConcurrentGenerations} completion generations ran at once`);
        console.log(`${fim ? "FIM model" : `swaFullCache ${swaFullCache}`}${withChat ? " + chat" : ""}: warm-up evaluated ${warmStats.evaluatedTokens} tokens`);
        return result;
    } finally {
        await server.stop();
    }
}

/** The chat alone, nobody typing: as many turns as it managed while the session was typed. */
async function chatAlone(turns: number): Promise<ChatFigures> {
    const server = await startServer();
    try {
        await server.client.load(testConfig(modelPath, { contextSize: 4096, threads: 0 }));
        const chat: ChatFigures = { turns: 0, generatedTokens: 0, durationMs: 0 };
        await server.client.chatTurn(CHAT_TURN, () => undefined); // fills the KV cache, as the first turn of the typed session did
        while (chat.turns < turns) {
            const turn = await server.client.chatTurn(CHAT_TURN, () => undefined);
            chat.turns += 1;
            chat.generatedTokens += turn.usage.generatedTokens;
            chat.durationMs += turn.usage.durationMs;
        }
        return chat;
    } finally {
        await server.stop();
    }
}

/**
 * Like for like: the same requests, one at a time and in the same order, through the server and
 * as a raw engine call in process on a sequence of its own (same prompt, stop rules and token
 * budget, so both evaluate the same tokens), interleaved. The server's cache is emptied before each
 * request so every one runs a generation.
 */
async function pathOverhead(positions: number): Promise<{ ours: number[]; raw: number[] }> {
    process.env.GPTOSS_COMPLETION_SWA_FULL_CACHE = "true";
    const server = await startServer();
    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    const context = await model.createContext({ contextSize: 8192, threads: 1, swaFullCache: true });
    const sequence = context.getSequence();
    const date = new Date();
    date.setUTCHours(0, 0, 0, 0);
    const ours: number[] = [];
    const raw: number[] = [];
    try {
        await server.client.load(testConfig(modelPath, { contextSize: 4096 }));
        const session = typingSession();
        const step = Math.max(1, Math.floor(session.length / positions));
        for (let index = -1; index < session.length; index += step) {
            const params = paramsAt(index < 0 ? "" : session[index]!.text);
            await server.client.request(CompletionStatsRequest, { reset: true });
            let started = performance.now();
            await server.client.request(InlineCompletionRequest, params);
            const oursMs = performance.now() - started;

            started = performance.now();
            const prompt = tokenizePrompt(model, buildPrompt({ ...params, snippets: params.snippets ?? [], date }));
            const cursor = { prefix: params.prefix, suffix: params.suffix, maxLines: MAX_LINES };
            await runCompletion(sequence, prompt, { maxTokens: MAX_TOKENS, temperature: 0, signal: new AbortController().signal, onText: (text) => shouldStop(text, cursor) });
            const rawMs = performance.now() - started;
            if (index < 0) continue; // the first fills both sequences
            ours.push(oursMs);
            raw.push(rawMs);
        }
    } finally {
        await server.stop();
        await context.dispose();
        await model.dispose();
    }
    return { ours, raw };
}

/**
 * The thread count for the completion context, measured: the same completions, interleaved, on a
 * context with one thread and on one with all of llama.cpp's math cores (what a completion may
 * take while the chat is paused). Raw engine calls in process, so only the thread count differs.
 */
async function threadsCompared(positions: number): Promise<{ threads: number; one: number[]; all: number[] }> {
    const llama = await getLlama({ gpu: false, build: "never" });
    const threads = llama.cpuMathCores;
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    const contexts = [
        await model.createContext({ contextSize: 8192, threads: 1, swaFullCache: true }),
        await model.createContext({ contextSize: 8192, threads, swaFullCache: true }),
    ];
    const sequences = contexts.map((context) => context.getSequence());
    const date = new Date();
    date.setUTCHours(0, 0, 0, 0);
    const one: number[] = [];
    const all: number[] = [];
    try {
        const session = typingSession();
        const step = Math.max(1, Math.floor(session.length / positions));
        for (let index = -1; index < session.length; index += step) {
            const params = paramsAt(index < 0 ? "" : session[index]!.text);
            const prompt = tokenizePrompt(model, buildPrompt({ ...params, snippets: params.snippets ?? [], date }));
            const cursor = { prefix: params.prefix, suffix: params.suffix, maxLines: MAX_LINES };
            for (const [which, sequence] of sequences.entries()) {
                const started = performance.now();
                await runCompletion(sequence, prompt, { maxTokens: MAX_TOKENS, temperature: 0, signal: new AbortController().signal, onText: (text) => shouldStop(text, cursor) });
                if (index >= 0) (which === 0 ? one : all).push(performance.now() - started); // the first fills both sequences
            }
        }
    } finally {
        for (const context of contexts) await context.dispose();
        await model.dispose();
    }
    return { threads, one, all };
}

// The sessions for under_chat_ratio run idle, chat, chat, idle: a machine whose load drifts during
// the run then weighs on both sides alike, and the ratio compares the pooled latencies.
const full = await playSession(true, false);
const underChat = await playSession(true, true);
const underChatAgain = await playSession(true, true);
const idleAgain = await playSession(true, false);
const windowed = await playSession(false, false);
// Before the priority policy (no pauses, completions on the chat's thread count), same run.
const idleBefore = await playSession(true, false, false, false);
const underChatBefore = await playSession(true, true, false, false);
delete process.env.GPTOSS_GENERATION_PRIORITY;
const quietChat = await chatAlone(Math.max(2, underChat.chat.turns));
const fimSession = await playSession(true, false, true);
const overhead = await pathOverhead(Number(process.env.BENCH_OVERHEAD_POSITIONS ?? 40));
const threadRuns = await threadsCompared(Number(process.env.BENCH_THREADS_POSITIONS ?? 20));

const row = (name: string, result: SessionResult) => ({
    session: name,
    requests: result.requests,
    cancelled: result.cancelled,
    cache_hits: result.clientCacheHits + result.serverCacheHits,
    joined: result.joined,
    generations: result.generations,
    evaluated_per_generation: +(result.evaluatedTokens / Math.max(1, result.generations)).toFixed(1),
    naive_per_generation: +(result.naivePromptTokens / Math.max(1, result.generations)).toFixed(1),
    tokens_ratio: +(result.evaluatedTokens / Math.max(1, result.naivePromptTokens)).toFixed(4),
    p50_ms: +median(result.latencies).toFixed(1),
    p95_ms: +percentile(result.latencies, 0.95).toFixed(1),
});
const rows = [row("swaFullCache: true", full), row("swaFullCache: false", windowed), row("true, chat running", underChat), row("FIM model beside gpt-oss", fimSession)];
printTable(`Completions while typing ${region.length} characters of ${SOURCE_FILE} (debounce ${DEBOUNCE_MS} ms)`, rows);
const rawP50 = median(overhead.raw);
const oursP50 = median(overhead.ours);
const idleP50 = median([...full.latencies, ...idleAgain.latencies]);
const underChatP50 = median([...underChat.latencies, ...underChatAgain.latencies]);
const underChatRatio = underChatP50 / idleP50;
const typedChat: ChatFigures = {
    turns: underChat.chat.turns + underChatAgain.chat.turns,
    generatedTokens: underChat.chat.generatedTokens + underChatAgain.chat.generatedTokens,
    durationMs: underChat.chat.durationMs + underChatAgain.chat.durationMs,
};
const ratioBefore = median(underChatBefore.latencies) / median(idleBefore.latencies);
console.log(`without the priority policy: p50 ${median(underChatBefore.latencies).toFixed(1)} ms under chat vs idle ${median(idleBefore.latencies).toFixed(1)} ms, ratio ${ratioBefore.toFixed(3)}; chat ${chatTokensPerSecond(underChatBefore.chat).toFixed(2)} tokens/s while typing`);
const chatTyping = chatTokensPerSecond(typedChat);
const chatQuiet = chatTokensPerSecond(quietChat);
console.log(`under chat (two sessions each, pooled): p50 ${underChatP50.toFixed(1)} ms vs idle ${idleP50.toFixed(1)} ms, ratio ${underChatRatio.toFixed(3)} (goal ≤ 1.10)`);
console.log(`the chat: ${chatTyping.toFixed(2)} tokens/s while typing (${typedChat.turns} turns, ${(typedChat.generatedTokens / Math.max(1, typedChat.turns)).toFixed(1)} tokens a turn), ${chatQuiet.toFixed(2)} alone (${quietChat.turns} turns)`);
const oneThreadP50 = median(threadRuns.one);
const allThreadsP50 = median(threadRuns.all);
console.log(`completion context threads, ${threadRuns.one.length} positions: p50 ${oneThreadP50.toFixed(1)} ms with 1, ${allThreadsP50.toFixed(1)} ms with ${threadRuns.threads} (all math cores)`);
console.log(`warm-up on opening the file: ${full.warmTokens} tokens evaluated once`);
console.log(`path overhead, ${overhead.ours.length} positions one at a time: p50 ours ${oursP50.toFixed(1)} ms, raw engine ${rawP50.toFixed(1)} ms, ratio ${(oursP50 / rawP50).toFixed(3)}`);

const file = await writeBenchResults("completions", {
    keystrokes: region.length,
    debounce_ms: DEBOUNCE_MS,
    requests: full.requests,
    cancelled: full.cancelled,
    cache_hits: full.clientCacheHits + full.serverCacheHits,
    cache_hits_client: full.clientCacheHits,
    cache_hits_server: full.serverCacheHits,
    joined: full.joined,
    generations: full.generations,
    evaluated_tokens_per_generation: rows[0]!.evaluated_per_generation,
    naive_tokens_per_generation: rows[0]!.naive_per_generation,
    tokens_ratio: rows[0]!.tokens_ratio,
    tokens_ratio_swa_window: rows[1]!.tokens_ratio,
    p50_ms: rows[0]!.p50_ms,
    p95_ms: rows[0]!.p95_ms,
    warm_tokens: full.warmTokens,
    overhead_ours_p50_ms: +oursP50.toFixed(1),
    overhead_raw_p50_ms: +rawP50.toFixed(1),
    latency_ratio_p50: +(oursP50 / rawP50).toFixed(3),
    p50_ms_swa_window: rows[1]!.p50_ms,
    p50_ms_under_chat: rows[2]!.p50_ms,
    p95_ms_under_chat: rows[2]!.p95_ms,
    p50_ms_idle_pooled: +idleP50.toFixed(1),
    p50_ms_under_chat_pooled: +underChatP50.toFixed(1),
    under_chat_ratio: +underChatRatio.toFixed(3),
    p50_ms_idle_without_priority: +median(idleBefore.latencies).toFixed(1),
    p50_ms_under_chat_without_priority: +median(underChatBefore.latencies).toFixed(1),
    under_chat_ratio_without_priority: +ratioBefore.toFixed(3),
    chat_tokens_per_second_typing_without_priority: +chatTokensPerSecond(underChatBefore.chat).toFixed(2),
    chat_tokens_per_second_typing: +chatTyping.toFixed(2),
    chat_tokens_per_second_alone: +chatQuiet.toFixed(2),
    chat_turns_typing: typedChat.turns,
    chat_tokens_per_turn: +(typedChat.generatedTokens / Math.max(1, typedChat.turns)).toFixed(1),
    threads_all: threadRuns.threads,
    raw_p50_ms_threads_1: +oneThreadP50.toFixed(1),
    raw_p50_ms_threads_all: +allThreadsP50.toFixed(1),
    fim_evaluated_tokens_per_generation: rows[3]!.evaluated_per_generation,
    fim_naive_tokens_per_generation: rows[3]!.naive_per_generation,
    fim_tokens_ratio: rows[3]!.tokens_ratio,
    fim_p50_ms: rows[3]!.p50_ms,
    fim_p95_ms: rows[3]!.p95_ms,
    model: "synthetic gpt-oss, bench size (BENCH_MODEL_OPTIONS), CPU; typing sessions with threads on auto (chat half the cores, completions all math cores), path overhead with 1 thread on both sides",
    tokenizer: "o200k_harmony (201,088 tokens)",
});
console.log(`wrote ${file}`);
