// Lookup speculation's speed-up, on bench-size scripted synthetic gpt-oss models (o200k_harmony's
// 201,088 tokens, a full-width output layer) whose output is realistic text: an edit plan under
// the real submit_plan grammar copying most of its tokens from the file in the prompt, a chat
// answer quoting a function, a completion repeating the pattern above the cursor, and a control
// answer that copies nothing. Each case runs on one context with two sequences, one with the
// engine's LookupPredictor (the defaults the engine uses) and one without, interleaved in one run;
// the KV cache holds the prompt, so the timings are generation. Every speculated output is checked
// to equal the plain one.
//
// The models are higher order (previousToken): a token that recurs with different successors is
// told apart by up to 6 tokens before it, so copied code comes out in the tokenizer's own tokens,
// as a real model writes it, and lookup drafts (the prompt's tokens) can match it. BENCH_FIRST_ORDER=1
// uses first-order models (recurring tokens merged into generated-only ones), as before 2026-12-04.
//
// Figures: <case>_speedup = plain ms / speculated ms for the same tokens (control_slowdown is the
// control's, where ≥ 0.97 means speculation got out of the way), plus tokens/s both ways, the
// acceptance rate (drafted tokens the model confirmed) and the mean draft length.
import os from "node:os";
import { getLlama, LlamaChat, type LlamaContextSequence, type LlamaGrammar, type LlamaModel } from "node-llama-cpp";
import type { ChatMessage, LookupSpeculationConfig } from "../protocol/index.ts";
import { SUBMIT_PLAN_TOOL } from "../server/agent/agent-loop.ts";
import { runCompletion, tokenizePrompt } from "../server/completion/sequence-runner.ts";
import { toChatHistory } from "../server/engine/harmony-history.ts";
import { ToolTextHarmonyWrapper } from "../server/engine/harmony-wrapper.ts";
import { LookupPredictor } from "../server/engine/lookup-predictor.ts";
import { DEFAULT_SPECULATION, textViewOf } from "../server/engine/speculation.ts";
import { samplingOptions } from "../server/engine/sampling.ts";
import { BENCH_MODEL_OPTIONS, createScriptedModel } from "../test/fixtures/synthetic-model/index.ts";
import { machineDescription, median, printTable, writeBenchResults } from "./support/bench-results.ts";
import { CASES, type BenchCase } from "./speculation-cases.ts";

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
/** BENCH_DRAFT_LENGTH / BENCH_MIN_MATCH try other settings than the defaults (how the defaults were chosen). */
const OVERRIDE: Partial<LookupSpeculationConfig> = {
    ...(process.env.BENCH_DRAFT_LENGTH ? { draftLength: Number(process.env.BENCH_DRAFT_LENGTH) } : {}),
    ...(process.env.BENCH_MIN_MATCH ? { minMatch: Number(process.env.BENCH_MIN_MATCH) } : {}),
};
const size = process.env.BENCH_TINY ? {} : BENCH_MODEL_OPTIONS;
const previousToken = !process.env.BENCH_FIRST_ORDER;
/** BENCH_NO_QUOTED=1: the chat predictor without the JSON-quoted view of the context (what it adds). */
const quotedView = !process.env.BENCH_NO_QUOTED;
/** The previous-token heads set the head count (one per recurring token; the edit plan needs 26). */
const shape = previousToken ? { ...size, headCount: undefined } : size;
const llama = await getLlama({ gpu: false, build: "never" });
const grammar: LlamaGrammar = await llama.createGrammarForJsonSchema(SUBMIT_PLAN_TOOL.parameters as never);
const today = new Date();
today.setUTCHours(0, 0, 0, 0);

interface CaseFigures {
    name: string;
    tokens: number;
    plainMs: number;
    speculatedMs: number;
    speedup: number;
    acceptance: number;
    meanDraft: number;
    copiedShare: number;
}

/** One run on `sequence`: the text and how long it took. */
type Runner = (sequence: LlamaContextSequence) => Promise<{ text: string; ms: number }>;

function chatRunner(messages: ChatMessage[], withGrammar: boolean): Runner {
    const history = toChatHistory(messages);
    const chats = new Map<LlamaContextSequence, LlamaChat>();
    return async (sequence) => {
        let chat = chats.get(sequence);
        if (chat === undefined) {
            chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new ToolTextHarmonyWrapper({ todayDate: today, reasoningEffort: "low" }), autoDisposeSequence: false });
            chats.set(sequence, chat);
        }
        const started = performance.now();
        const response = await chat.generateResponse(history, { ...samplingOptions({ temperature: 0 }), maxTokens: 2048, ...(withGrammar ? { grammar } : {}) });
        return { text: response.response, ms: performance.now() - started };
    };
}

function completionRunner(model: LlamaModel, code: string): Runner {
    const prompt = tokenizePrompt(model, [{ text: code }, { special: "<|message|>" }]);
    return async (sequence) => {
        const started = performance.now();
        const outcome = await runCompletion(sequence, prompt, { maxTokens: 512, temperature: 0, signal: new AbortController().signal, onText: () => false });
        return { text: outcome.text, ms: performance.now() - started };
    };
}

/** Share of the output's tokens that continue a run of ≥ 3 tokens also found in the prompt (what lookup can draft). */
function copiedShare(model: LlamaModel, prompt: string, output: string): number {
    const source = model.tokenize(prompt, false);
    const out = model.tokenize(output, false);
    const grams = new Set<string>();
    for (let i = 2; i < source.length; i++) grams.add(`${source[i - 2]},${source[i - 1]},${source[i]}`);
    let copied = 0;
    for (let i = 2; i < out.length; i++) if (grams.has(`${out[i - 2]},${out[i - 1]},${out[i]}`)) copied++;
    return out.length > 0 ? copied / out.length : 0;
}

async function measure(benchCase: BenchCase): Promise<CaseFigures> {
    const modelPath = await createScriptedModel({ ...shape, previousToken, scripts: [{ trigger: benchCase.trigger, output: benchCase.scriptOutput }], promptTexts: [benchCase.promptText] });
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    try {
        const config: LookupSpeculationConfig = { ...(benchCase.kind === "completion" ? DEFAULT_SPECULATION.completions : DEFAULT_SPECULATION.chat), ...OVERRIDE };
        const context = await model.createContext({ contextSize: 4096, sequences: 2, threads: 1 });
        // As the engine builds it (speculation.ts): the chat sequence's predictor reads the
        // context's JSON-quoted form too, the completion sequence's does not.
        const predictor = new LookupPredictor(config, benchCase.kind === "completion" || !quotedView ? undefined : textViewOf(model));
        const speculated = context.getSequence({ tokenPredictor: predictor });
        const plain = context.getSequence();
        const run = benchCase.kind === "completion"
            ? completionRunner(model, benchCase.promptText)
            : chatRunner(benchCase.messages, benchCase.kind === "edit");
        // Warm-up: the prompt into both KV caches, and the expected text.
        const expected = (await run(plain)).text;
        const warm = (await run(speculated)).text;
        if (warm !== expected) throw new Error(`${benchCase.name}: speculated output differs from plain output`);
        if (!expected.includes(benchCase.expectedFragment)) throw new Error(`${benchCase.name}: the model did not write the scripted text: ${JSON.stringify(expected.slice(0, 200))}`);
        const before = speculated.tokenPredictions;
        const statsBefore = predictor.stats;
        const times = { plain: [] as number[], speculated: [] as number[] };
        for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
            const a = await run(plain);
            const b = await run(speculated);
            if (a.text !== expected || b.text !== expected) throw new Error(`${benchCase.name}: output changed between runs`);
            times.plain.push(a.ms);
            times.speculated.push(b.ms);
        }
        const after = speculated.tokenPredictions;
        const stats = predictor.stats;
        const validated = after.validated - before.validated;
        const refuted = after.refuted - before.refuted;
        const drafts = stats.drafts - statsBefore.drafts;
        await context.dispose();
        const tokens = model.tokenize(expected, false).length;
        const plainMs = median(times.plain);
        const speculatedMs = median(times.speculated);
        return {
            name: benchCase.name, tokens, plainMs, speculatedMs, speedup: plainMs / speculatedMs,
            acceptance: validated + refuted > 0 ? validated / (validated + refuted) : 0,
            meanDraft: drafts > 0 ? (stats.drafted - statsBefore.drafted) / drafts : 0,
            copiedShare: copiedShare(model, benchCase.promptText, expected),
        };
    } finally {
        await model.dispose();
    }
}

const results: CaseFigures[] = [];
for (const benchCase of CASES) results.push(await measure(benchCase));
const load = os.loadavg()[0]!;
const perSecond = (figures: CaseFigures, ms: number) => figures.tokens / (ms / 1000);
printTable(`speculation: lookup drafts vs plain decoding, median of ${REPETITIONS}; ${machineDescription()}`, results.map((r) => ({
    case: r.name, tokens: r.tokens, copied_from_prompt: r.copiedShare.toFixed(2),
    plain_tok_s: perSecond(r, r.plainMs).toFixed(2), speculated_tok_s: perSecond(r, r.speculatedMs).toFixed(2),
    speedup: r.speedup.toFixed(3), acceptance: r.acceptance.toFixed(3), mean_draft: r.meanDraft.toFixed(1),
})));
const byName = (name: string) => results.find((r) => r.name === name)!;
const figures: Record<string, number | string> = {
    edit_speedup: Number(byName("edit").speedup.toFixed(3)),
    chat_speedup: Number(byName("chat").speedup.toFixed(3)),
    completion_speedup: Number(byName("completion").speedup.toFixed(3)),
    control_slowdown: Number(byName("control").speedup.toFixed(3)),
};
for (const r of results) {
    figures[`${r.name}_plain_tokens_per_second`] = Number(perSecond(r, r.plainMs).toFixed(3));
    figures[`${r.name}_speculated_tokens_per_second`] = Number(perSecond(r, r.speculatedMs).toFixed(3));
    figures[`${r.name}_acceptance`] = Number(r.acceptance.toFixed(3));
    figures[`${r.name}_mean_draft_length`] = Number(r.meanDraft.toFixed(2));
    figures[`${r.name}_copied_share`] = Number(r.copiedShare.toFixed(3));
    figures[`${r.name}_generated_tokens`] = r.tokens;
}
Object.assign(figures, {
    chat_draft_length: OVERRIDE.draftLength ?? DEFAULT_SPECULATION.chat.draftLength,
    chat_min_match: OVERRIDE.minMatch ?? DEFAULT_SPECULATION.chat.minMatch,
    completion_draft_length: OVERRIDE.draftLength ?? DEFAULT_SPECULATION.completions.draftLength,
    completion_min_match: OVERRIDE.minMatch ?? DEFAULT_SPECULATION.completions.minMatch,
    repetitions: REPETITIONS,
    load_average: Number(load.toFixed(2)),
    tokenizer: "o200k_harmony (201,088 tokens)",
    quoted_view: quotedView,
    model: `scripted synthetic gpt-oss, ${previousToken ? "higher order (history heads, up to 6 tokens back)" : "first order"}, ${process.env.BENCH_TINY ? "tiny" : "bench size (BENCH_MODEL_OPTIONS)"}, CPU, threads 1, greedy`,
});
// A trial of other settings writes beside the real figures, never over them.
const file = await writeBenchResults(Object.keys(OVERRIDE).length > 0 || !previousToken || !quotedView ? "speculation-trial" : "speculation", figures);
console.log(`wrote ${file}`);
process.exit(0);
