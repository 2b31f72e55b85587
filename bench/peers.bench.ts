// Inline completions beside the best local peer, in one run, on the same model and the same
// typing (bench/support/typing-session.ts: the completion benchmark's session):
//
// The session types to the end of a line (320 characters and the rest of that line), so nothing
// follows the cursor on its line.
//
// (a) ours with a fill-in-the-middle model (gptOss.completions.fimModelPath): the real path
//     (typed client → JSON-RPC over IPC → language server → FIM model) with the extension
//     provider's behaviour (its type-along cache, 150 ms debounce, cancel on the next keystroke).
//     The model's GGUF declares a family trained on suffix-first infill (named like Code Llama),
//     so our prompt puts the suffix first (server/engine/infill-layout.ts). Also (a, PSM): the same
//     weights named as a prefix-first family, the layout before that change.
// (b) llama.vscode's path: the same GGUF served by llama.cpp's llama-server (built from the
//     llama.cpp node-llama-cpp ships, scripts/llama-server/build.sh), started with the flags
//     llama.vscode's README gives for CPU-only machines (-ub 1024 -b 1024 --ctx-size 0
//     --cache-reuse 256; ggml-org/llama.vscode README.md, commit 009e5b72e5bb), and the
//     requests, pacing and cancellation of llama.vscode's own client, re-implemented from its
//     source in bench/support/llama-vscode-client.ts (files and commits cited there).
// (c) ours with gpt-oss itself answering (no FIM model): its harmony prompt.
//
// Both sides run on one thread (-t 1 -tb 1 for llama-server, threads: 1 for ours); the machine is
// shared. Beside VS Code's own debounce of inline-completion requests, which both tools get alike
// and which is left out, the figures are what each tool adds.
//
// The synthetic FIM model answers every infill prompt with its end token at once (a scripted
// model follows its script only after the token that ends the prompt; a suffix-first prompt ends
// in the typed code, which varies), so each generation is one token on every path, and the
// figures compare prompt processing and the path: exactly what the layout and the client change.
// A real model's generation adds the same time to each path.
//
// Figures, per path: keystroke-to-suggestion p50/p95 (from the keystroke to an answer shown, i.e.
// arriving before the next keystroke), keystroke-to-answer p50 for every answer (shown or come too
// late: a path that is rarely on time has few shown suggestions to take a median of), prompt tokens evaluated per model request (ours: the
// server's counters; the peer: llama-server's own timings.prompt_n), requests sent, cancelled or
// skipped. latency_ratio_p50 = (a) / (b) on shown suggestions, answer_latency_ratio_p50 on all
// answers, and tokens_ratio = (a) / (b); lower is better for ours.
//
//   npm run bench:peers        (BENCH_TYPED_CHARS, default 320: characters typed per session)
import { CompletionCache, completionCacheKey, CompletionStatsRequest, CompletionWarmRequest, InlineCompletionRequest, RequestCancelledError, type CompletionParams } from "../protocol/index.ts";
import { BENCH_MODEL_OPTIONS, createScriptedModel, FIM_TOKENS } from "../test/fixtures/synthetic-model/index.ts";
import { llamaServerBinary, startLlamaServer } from "../test/support/llama-server.ts";
import { startServer, testConfig } from "../test/support/server-process.ts";
import { median, printTable, writeBenchResults } from "./support/bench-results.ts";
import { LlamaVscodeClient, type RingChunk } from "./support/llama-vscode-client.ts";
import { MAX_LINES, percentile, snippets, SOURCE_FILE, typingSession } from "./support/typing-session.ts";

const DEBOUNCE_MS = 150; // the extension's default gptOss.completions.debounceMs
// Ending at a line's end: with code after the cursor on its line llama.vscode would ask for nothing.
const session = typingSession({ endAtLineEnd: true });
const { region, paramsAt } = session;
/** llama.vscode's CPU-only server flags from its README (the port is ours to pick). */
const LLAMA_VSCODE_SERVER_FLAGS = ["-ub", "1024", "-b", "1024", "--ctx-size", "0", "--cache-reuse", "256"];

const fimModel = (name: string) => createScriptedModel({
    ...BENCH_MODEL_OPTIONS, name, fillInTheMiddle: true, scripts: [{ trigger: FIM_TOKENS.middle, output: "<|endoftext|>" }],
});
const SUFFIX_FIRST_NAME = "bench CodeLlama-style FIM coder (suffix first)";
const PREFIX_FIRST_NAME = "bench FIM coder (prefix first)";
const suffixFirstModel = await fimModel(SUFFIX_FIRST_NAME);
const prefixFirstModel = await fimModel(PREFIX_FIRST_NAME);
// The completion benchmark's gpt-oss model (same options, so the same cached file).
const gptOssModel = await createScriptedModel({ ...BENCH_MODEL_OPTIONS, scripts: [{ trigger: "<|message|>", output: " // next<|return|>" }] });

interface PathResult {
    path: string;
    /** Keystroke to a suggestion shown (arrived before the next keystroke), model answers only. */
    latencies: number[];
    /** Answers that came after the user had typed on (dropped by VS Code). */
    stale: number;
    /** Keystroke to answer for every answer, shown or stale. */
    answerLatencies: number[];
    requests: number;
    cancelled: number;
    skipped: number;
    cacheHits: number;
    /** Prompt tokens evaluated by the requests that ran the model, warm-up apart. */
    evaluatedTokens: number;
    /** Ours: generations started; the peer: /infill completion requests (each evaluates its prompt). */
    modelRequests: number;
    /** Evaluated on opening the file (ours: the warm-up; the peer: the ring update). */
    warmTokens: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ours, as the extension's provider drives it. */
async function playOurs(label: string, fimModelPath: string | null, expectedName: string | null): Promise<PathResult> {
    process.env.GPTOSS_COMPLETION_SWA_FULL_CACHE = "true";
    const server = await startServer();
    try {
        const status = await server.client.load(testConfig(gptOssModel, { contextSize: 4096, ...(fimModelPath === null ? {} : { completionModelPath: fimModelPath }) }));
        if ((status.completionModelName ?? null) !== expectedName) throw new Error(`${label}: expected completions from ${expectedName}, the server reports ${status.completionModelName} (${status.notice})`);
        const client = server.client;
        await client.request(CompletionWarmRequest, paramsAt(""));
        const warm = await client.request(CompletionStatsRequest, { reset: true });
        const result: PathResult = { path: label, latencies: [], stale: 0, answerLatencies: [], requests: 0, cancelled: 0, skipped: 0, cacheHits: 0, evaluatedTokens: 0, modelRequests: 0, warmTokens: warm.evaluatedTokens };
        const localCache = new CompletionCache(32);
        const keyOf = (params: CompletionParams) => completionCacheKey(params, MAX_LINES);
        let inFlight: AbortController | null = null;
        let debounce: NodeJS.Timeout | null = null;
        const pending: Array<Promise<void>> = [];
        let current = -1; // the latest keystroke: an answer for an earlier one is dropped by VS Code
        for (const [index, keystroke] of session.keystrokes().entries()) {
            current = index;
            const typedAt = performance.now();
            inFlight?.abort();
            if (debounce) clearTimeout(debounce);
            const params = paramsAt(keystroke.text);
            if (localCache.get(keyOf(params), params.prefix) !== null) {
                result.cacheHits += 1;
            } else {
                const abort = new AbortController();
                inFlight = abort;
                debounce = setTimeout(() => {
                    result.requests += 1;
                    pending.push(client.request(InlineCompletionRequest, params, abort.signal).then((answer) => {
                        result.answerLatencies.push(performance.now() - typedAt);
                        if (current === index) result.latencies.push(performance.now() - typedAt);
                        else result.stale += 1;
                        if (answer.source === "cache" || answer.source === "joined") result.cacheHits += 1;
                        localCache.put(keyOf(params), params.prefix, answer.text);
                    }, (error: unknown) => {
                        if (error instanceof RequestCancelledError) result.cancelled += 1;
                        else throw error;
                    }));
                }, DEBOUNCE_MS);
            }
            await pause(keystroke.delayMs); // the typist's pace
        }
        await pause(DEBOUNCE_MS + 10); // lets the last keystroke's debounce fire
        await Promise.all(pending);
        const stats = await client.request(CompletionStatsRequest, {});
        if (stats.maxConcurrentGenerations > 1) throw new Error(`${label}: ${stats.maxConcurrentGenerations} completion generations ran at once`);
        result.evaluatedTokens = stats.evaluatedTokens;
        result.modelRequests = stats.generationsStarted;
        return result;
    } finally {
        await server.stop();
    }
}

/** llama.vscode against llama-server, as VS Code drives its provider. */
async function playPeer(modelPath: string): Promise<PathResult & { serverCommand: string; futureRequests: number; medianPerRequest: number }> {
    const server = await startLlamaServer({ model: modelPath, extraArgs: LLAMA_VSCODE_SERVER_FLAGS });
    try {
        // The other file was open earlier, so the ring holds a chunk of it: llama.vscode sent it
        // with an n_predict 0 request while the user was idle, before this session's typing.
        const ring: RingChunk[] = snippets.map((snippet) => ({ text: snippet.text, time: Date.now(), filename: snippet.path }));
        const peer = new LlamaVscodeClient(server.origin, ring);
        await peer.ringUpdate();
        const result: PathResult = { path: "(b) llama.vscode + llama-server", latencies: [], stale: 0, answerLatencies: [], requests: 0, cancelled: 0, skipped: 0, cacheHits: 0, evaluatedTokens: 0, modelRequests: 0, warmTokens: peer.counters.ringPromptTokens[0] ?? 0 };
        const calls: Array<Promise<void>> = [];
        let current = -1; // the latest keystroke: an answer for an earlier one is dropped by VS Code
        for (const [index, keystroke] of session.keystrokes().entries()) {
            current = index;
            const typedAt = performance.now();
            calls.push(peer.provide(session.before + keystroke.text, session.after, { cancelled: () => current !== index }).then((suggestion) => {
                if (suggestion === null) return;
                result.answerLatencies.push(performance.now() - typedAt);
                if (current === index) result.latencies.push(performance.now() - typedAt);
                else result.stale += 1;
            }));
            await pause(keystroke.delayMs); // the typist's pace
        }
        await Promise.all(calls);
        await peer.settle();
        const counters = peer.counters;
        result.requests = counters.infillRequests;
        result.skipped = counters.skippedWaiting + counters.skippedLineSuffix;
        result.cacheHits = counters.cacheHits;
        result.modelRequests = counters.infillRequests;
        result.evaluatedTokens = counters.promptTokens.reduce((sum, count) => sum + count, 0);
        return {
            ...result, futureRequests: counters.futureRequests, medianPerRequest: median(counters.promptTokens),
            serverCommand: `llama-server -m <model> ${LLAMA_VSCODE_SERVER_FLAGS.join(" ")} (harness: --host 127.0.0.1 --port 0 -c 8192 -np 1 -t 1 -tb 1 --no-warmup)`,
        };
    } finally {
        await server.kill();
    }
}

const perRequest = (result: PathResult) => result.evaluatedTokens / Math.max(1, result.modelRequests);
const row = (result: PathResult) => ({
    path: result.path,
    shown: result.latencies.length,
    p50_ms: +median(result.latencies).toFixed(1),
    p95_ms: +percentile(result.latencies, 0.95).toFixed(1),
    answer_p50_ms: +median(result.answerLatencies).toFixed(1),
    requests: result.requests,
    cancelled: result.cancelled,
    skipped: result.skipped,
    stale: result.stale,
    cache_hits: result.cacheHits,
    model_requests: result.modelRequests,
    tokens_per_request: +perRequest(result).toFixed(1),
    warm_tokens: result.warmTokens,
});
/** Each path's row as soon as it is done: a session takes minutes. */
function done<T extends PathResult>(result: T): T {
    console.log(JSON.stringify(row(result)));
    return result;
}

const suffixFirst = done(await playOurs("(a) ours, FIM model, suffix first", suffixFirstModel, SUFFIX_FIRST_NAME));
const prefixFirst = done(await playOurs("(a, PSM) ours, FIM model, prefix first", prefixFirstModel, PREFIX_FIRST_NAME));
const gptOss = done(await playOurs("(c) ours, gpt-oss", null, null));
// Built on first use (scripts/llama-server/build.sh, cached per llama.cpp version; minutes to an hour).
console.log(`llama-server: ${await llamaServerBinary()}`);
const peer = done(await playPeer(suffixFirstModel));

const rows = [suffixFirst, prefixFirst, peer, gptOss].map(row);
printTable(`Completions while typing ${region.length} characters of ${SOURCE_FILE}`, rows);

const [a, aPsm, b, c] = rows as [ReturnType<typeof row>, ReturnType<typeof row>, ReturnType<typeof row>, ReturnType<typeof row>];
const ratio = (ours: number, theirs: number) => +(ours / Math.max(theirs, 1e-9)).toFixed(3);
const file = await writeBenchResults("peers", {
    keystrokes: region.length,
    latency_ratio_p50: ratio(a.p50_ms, b.p50_ms),
    answer_latency_ratio_p50: ratio(a.answer_p50_ms, b.answer_p50_ms),
    tokens_ratio: ratio(a.tokens_per_request, b.tokens_per_request),
    ours_shown: a.shown, ours_p50_ms: a.p50_ms, ours_p95_ms: a.p95_ms, ours_answer_p50_ms: a.answer_p50_ms, ours_requests: a.requests, ours_cancelled: a.cancelled, ours_stale: a.stale,
    ours_cache_hits: a.cache_hits, ours_generations: a.model_requests, ours_tokens_per_request: a.tokens_per_request, ours_warm_tokens: a.warm_tokens,
    ours_psm_shown: aPsm.shown, ours_psm_answer_p50_ms: aPsm.answer_p50_ms, ours_psm_p50_ms: aPsm.p50_ms, ours_psm_p95_ms: aPsm.p95_ms, ours_psm_tokens_per_request: aPsm.tokens_per_request, ours_psm_requests: aPsm.requests, ours_psm_cancelled: aPsm.cancelled,
    peer_shown: b.shown, peer_p50_ms: b.p50_ms, peer_p95_ms: b.p95_ms, peer_answer_p50_ms: b.answer_p50_ms, peer_requests: b.requests, peer_future_requests: peer.futureRequests,
    peer_skipped: b.skipped, peer_stale: b.stale, peer_cache_hits: b.cache_hits, peer_tokens_per_request: b.tokens_per_request,
    peer_tokens_per_request_median: peer.medianPerRequest, peer_ring_update_tokens: b.warm_tokens,
    gpt_oss_shown: c.shown, gpt_oss_answer_p50_ms: c.answer_p50_ms, gpt_oss_p50_ms: c.p50_ms, gpt_oss_p95_ms: c.p95_ms, gpt_oss_requests: c.requests, gpt_oss_cancelled: c.cancelled, gpt_oss_tokens_per_request: c.tokens_per_request,
    peer_server: peer.serverCommand,
    model: "synthetic gpt-oss architecture with FIM tokens, bench size (BENCH_MODEL_OPTIONS), o200k_harmony vocabulary, answers with its end token; CPU, 1 thread",
});
console.log(`wrote ${file}`);
