// llama.vscode's inline-completion client, re-implemented from its source for the peers benchmark
// (bench/peers.bench.ts): the requests it sends to llama-server's /infill and when it sends them.
// Not its code: the behaviour, read from ggml-org/llama.vscode:
//
// - src/llama-server.ts (commit 009e5b72e5bb): the /infill body. input_prefix, input_suffix,
//   input_extra (the ring buffer's chunks, {text, time, filename}), prompt (the current line up to
//   the cursor), n_predict, top_k 40, top_p 0.99, stream false, samplers [top_k, top_p, infill],
//   cache_prompt true, n_indent, t_max_prompt_ms, t_max_predict_ms. A ring update sends the same
//   route with empty prefix/suffix/prompt, n_predict 0, samplers [], t_max_predict_ms 1.
// - src/completion.ts (commit 033bf1137ca3): one request at a time. A call that finds one in
//   flight polls every DELAY_BEFORE_COMPL_REQUEST (150 ms) and gives up once VS Code has cancelled
//   it (the next keystroke); a request that was sent is never aborted (axios without a cancel
//   token), its answer is simply dropped by VS Code if the user typed on. No debounce of its own.
//   Automatic requests are skipped when the text after the cursor on the line is longer than
//   max_line_suffix (8). The prefix is the n_prefix (256) lines above the cursor's line, the
//   suffix the rest of the line plus n_suffix (64) lines below it; a line of only spaces/tabs
//   sends an empty prompt. Results are kept in an LRU keyed by prefix|suffix|prompt, looked up
//   also for a shorter prompt whose cached completion starts with what was typed since. After a
//   non-empty suggestion with nothing after the cursor on the line, it requests the completion
//   that would follow accepting it (cacheFutureSuggestion), without holding the in-flight flag.
// - src/configuration.ts (commit 009e5b72e5bb): the defaults named above, n_predict 128,
//   t_max_prompt_ms 500, t_max_predict_ms 2500, ring_n_chunks 16, RING_UPDATE_MIN_TIME_LAST_COMPL
//   3000 ms, ring_update_ms 1000.
// - src/extra-context.ts (commit 4a1e49cbdf61): chunks enter the ring only when no completion
//   started for 3 s; each entry is sent at once as the n_predict 0 request above.
//
// Left out: the RAG chunk search (rag_enabled; it needs a workspace index and would put different
// project chunks into the prefix per query), the status bar, and the suggestion's post-processing,
// which changes nothing that is sent.

export interface RingChunk { text: string; time: number; filename: string }

export const LLAMA_VSCODE = {
    nPrefixLines: 256,
    nSuffixLines: 64,
    nPredict: 128,
    tMaxPromptMs: 500,
    tMaxPredictMs: 2500,
    maxLineSuffix: 8,
    pollMs: 150,
    cacheKeys: 250,
} as const;

/** One call of VS Code's provider: `cancelled()` turns true when the user types on. */
export interface ProviderCall {
    cancelled: () => boolean;
}

export interface InfillAnswer {
    content: string;
    timings?: { prompt_n?: number; prompt_ms?: number; predicted_n?: number };
}

export interface PeerCounters {
    /** /infill requests for a completion (future-suggestion ones included). */
    infillRequests: number;
    futureRequests: number;
    ringUpdates: number;
    /** Provider calls that ended without a request: given up while waiting, or cancelled. */
    skippedWaiting: number;
    skippedLineSuffix: number;
    cacheHits: number;
    /** The server's timings.prompt_n of every completion request, in order. */
    promptTokens: number[];
    /** prompt_n of the ring updates (evaluated too, but for no suggestion). */
    ringPromptTokens: number[];
}

export class LlamaVscodeClient {
    private busy = false;
    private readonly cache = new Map<string, string>();
    readonly counters: PeerCounters = { infillRequests: 0, futureRequests: 0, ringUpdates: 0, skippedWaiting: 0, skippedLineSuffix: 0, cacheHits: 0, promptTokens: [], ringPromptTokens: [] };
    private readonly background: Array<Promise<unknown>> = [];

    constructor(private readonly origin: string, private readonly ring: RingChunk[]) {}

    /** The ring buffer gaining its chunks while the user was idle: one n_predict 0 request. */
    async ringUpdate(): Promise<void> {
        const answer = await this.post({
            input_prefix: "", input_suffix: "", input_extra: this.ring, prompt: "", n_predict: 0, samplers: [], cache_prompt: true,
            t_max_prompt_ms: LLAMA_VSCODE.tMaxPromptMs, t_max_predict_ms: 1,
        });
        this.counters.ringUpdates += 1;
        this.counters.ringPromptTokens.push(answer.timings?.prompt_n ?? 0);
    }

    /**
     * VS Code asks for a completion with the cursor at the end of `beforeCursor`; resolves with the
     * suggestion ("" for none), or null when the call ended without one (skipped or cancelled).
     */
    async provide(beforeCursor: string, afterCursor: string, call: ProviderCall): Promise<string | null> {
        const lines = (beforeCursor + afterCursor).split("\n");
        const line = beforeCursor.split("\n").length - 1;
        const column = beforeCursor.length - (beforeCursor.lastIndexOf("\n") + 1);
        const lineText = lines[line]!;
        const linePrefix = lineText.slice(0, column);
        const lineSuffix = lineText.slice(column);
        if (lineSuffix.length > LLAMA_VSCODE.maxLineSuffix) {
            this.counters.skippedLineSuffix += 1;
            return null;
        }
        while (this.busy) {
            await new Promise((resolve) => setTimeout(resolve, LLAMA_VSCODE.pollMs)); // its own poll interval
            if (call.cancelled()) {
                this.counters.skippedWaiting += 1;
                return null;
            }
        }
        this.busy = true;
        try {
            const prefixStart = Math.max(0, line - LLAMA_VSCODE.nPrefixLines);
            const suffixEnd = Math.min(lines.length - 1, line + LLAMA_VSCODE.nSuffixLines);
            const inputPrefix = `${lines.slice(prefixStart, line).join("\n")}\n`;
            const inputSuffix = `${lineSuffix}\n${lines.slice(line + 1, suffixEnd + 1).join("\n")}\n`;
            const prompt = /^[ \t]*$/.test(linePrefix) ? "" : linePrefix;
            const nIndent = lineText.length - lineText.trimStart().length;

            const cached = this.cached(inputPrefix, inputSuffix, prompt);
            if (cached !== undefined) {
                this.counters.cacheHits += 1;
                return cached;
            }
            if (call.cancelled()) {
                this.counters.skippedWaiting += 1;
                return null;
            }
            const answer = await this.complete(inputPrefix, inputSuffix, prompt, nIndent);
            const suggestion = answer.content.replace(/(\r?\n[ \t]*)+$/, "");
            if (suggestion.trim() === "") return "";
            this.remember(`${inputPrefix}|${inputSuffix}|${prompt}`, suggestion);
            if (!call.cancelled() && lineSuffix.trim() === "") {
                this.background.push(this.cacheFuture(inputPrefix, inputSuffix, prompt, suggestion.split(/\r?\n/)));
            }
            return suggestion;
        } finally {
            this.busy = false;
        }
    }

    /** Waits for the requests it sent on its own (future suggestions) to be answered. */
    async settle(): Promise<void> {
        await Promise.all(this.background);
    }

    private async complete(inputPrefix: string, inputSuffix: string, prompt: string, nIndent: number): Promise<InfillAnswer> {
        const answer = await this.post({
            input_prefix: inputPrefix, input_suffix: inputSuffix, input_extra: this.ring, prompt, n_predict: LLAMA_VSCODE.nPredict,
            top_k: 40, top_p: 0.99, stream: false, samplers: ["top_k", "top_p", "infill"], cache_prompt: true,
            ...(nIndent > 0 ? { n_indent: nIndent } : {}),
            t_max_prompt_ms: LLAMA_VSCODE.tMaxPromptMs, t_max_predict_ms: LLAMA_VSCODE.tMaxPredictMs,
        });
        this.counters.infillRequests += 1;
        this.counters.promptTokens.push(answer.timings?.prompt_n ?? 0);
        return answer;
    }

    /** The completion after accepting `suggestion`, fetched ahead and cached. */
    private async cacheFuture(inputPrefix: string, inputSuffix: string, prompt: string, suggestion: string[]): Promise<void> {
        let futurePrefix = inputPrefix;
        let futurePrompt = prompt + suggestion[0]!;
        if (suggestion.length > 1) {
            futurePrefix = `${inputPrefix}${prompt}${suggestion.slice(0, -1).join("\n")}\n`;
            futurePrompt = suggestion.at(-1)!;
            const prefixLines = futurePrefix.slice(0, -1).split(/\r?\n/);
            if (prefixLines.length > LLAMA_VSCODE.nPrefixLines) futurePrefix = `${prefixLines.slice(-LLAMA_VSCODE.nPrefixLines).join("\n")}\n`;
        }
        const key = `${futurePrefix}|${inputSuffix}|${futurePrompt}`;
        if (this.cache.has(key)) return;
        this.counters.futureRequests += 1;
        const answer = await this.complete(futurePrefix, inputSuffix, futurePrompt, prompt.length - prompt.trimStart().length);
        const future = answer.content.replace(/(\r?\n[ \t]*)+$/, "");
        if (future.trim() !== "") this.remember(key, future);
    }

    private cached(inputPrefix: string, inputSuffix: string, prompt: string): string | undefined {
        const exact = this.cache.get(`${inputPrefix}|${inputSuffix}|${prompt}`);
        if (exact !== undefined) return exact;
        for (let cut = prompt.length; cut >= 0; cut -= 1) {
            const earlier = this.cache.get(`${inputPrefix}|${inputSuffix}|${prompt.slice(0, cut)}`);
            const typedSince = prompt.slice(cut);
            if (earlier !== undefined && earlier.startsWith(typedSince)) return earlier.slice(typedSince.length);
        }
        return undefined;
    }

    private remember(key: string, value: string): void {
        this.cache.delete(key);
        this.cache.set(key, value);
        while (this.cache.size > LLAMA_VSCODE.cacheKeys) this.cache.delete(this.cache.keys().next().value!);
    }

    private async post(body: Record<string, unknown>): Promise<InfillAnswer> {
        const response = await fetch(`${this.origin}/infill`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const text = await response.text();
        if (!response.ok) throw new Error(`llama-server /infill answered ${response.status}: ${text.slice(0, 500)}`);
        return JSON.parse(text) as InfillAnswer;
    }
}
