// The cost of one generated token under the edit-plan grammar (the agent's real submit_plan
// schema, as the engine builds it) against unconstrained generation, on bench-size synthetic
// gpt-oss models (o200k_harmony's 201,088 tokens, a full-width output layer): the same model, the
// same prompt and sampling, the same number of generated tokens, interleaved in one run. The
// prompt stays in the sequence, so the timings are generation only.
//
// node-llama-cpp samples first and asks the grammar about the sampled token alone; only when the
// grammar rejects it does llama.cpp run the grammar over all 201,088 candidates and sample again.
// So the cost depends on how often the model's own choice breaks the schema, and two models are
// measured: one whose weights write an edit plan (scripted, as a model trained on the format
// does: every sampled token is valid; structured_cost_ratio), and one with random weights, whose
// structural tokens are nearly all rejected (the worst case; structured_cost_ratio_random_weights).
import os from "node:os";
import { getLlama, HarmonyChatWrapper, LlamaChat, type LlamaGrammar, type LlamaModel } from "node-llama-cpp";
import type { ChatMessage } from "../protocol/index.ts";
import { SUBMIT_PLAN_TOOL } from "../server/agent/agent-loop.ts";
import { toChatHistory } from "../server/engine/harmony-history.ts";
import { samplingOptions } from "../server/engine/sampling.ts";
import { BENCH_MODEL_OPTIONS, createRandomModel, createScriptedModel } from "../test/fixtures/synthetic-model/index.ts";
import { machineDescription, median, printTable, writeBenchResults } from "./support/bench-results.ts";

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const GENERATED_TOKENS = Number(process.env.BENCH_GENERATED_TOKENS ?? 64);
const SEEDS = 3;
const MESSAGES: ChatMessage[] = [
    { role: "system", content: "You are a careful coding assistant." },
    { role: "user", content: "Rename the function parseConfig to loadConfig in src/config.ts and update its callers." },
];
/** The plan the scripted model writes: valid under the submit_plan schema, longer than GENERATED_TOKENS. */
const PLAN = JSON.stringify({
    summary: "Rename parseConfig to loadConfig in src/config.ts and update both of its callers, keeping the old name as a deprecated alias for one release",
    files: [
        { action: "edit", path: "src/config.ts", edits: [
            { search: "export function parseConfig(text: string): Config {", replace: "export function loadConfig(text: string): Config {" },
            { search: "export default parseConfig;", replace: "export default loadConfig;\n/** @deprecated use loadConfig */\nexport const parseConfig = loadConfig;" },
        ] },
        { action: "edit", path: "src/main.ts", edits: [{ search: "const config = parseConfig(readFileSync(path, \"utf8\"));", replace: "const config = loadConfig(readFileSync(path, \"utf8\"));" }] },
    ],
});
const size = process.env.BENCH_TINY ? {} : BENCH_MODEL_OPTIONS;

const llama = await getLlama({ gpu: false, build: "never" });
const grammar: LlamaGrammar = await llama.createGrammarForJsonSchema(SUBMIT_PLAN_TOOL.parameters as never);
const history = toChatHistory(MESSAGES);
const today = new Date();
today.setUTCHours(0, 0, 0, 0);

interface Figures { freeMs: number; grammarMs: number; ratio: number; seeds: number[]; samples: number }

async function measure(model: LlamaModel): Promise<Figures> {
    const context = await model.createContext({ contextSize: 4096, threads: 1 });
    const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new HarmonyChatWrapper({ todayDate: today, reasoningEffort: "low" }) });
    const generate = async (seed: number, constrained: boolean) => {
        const meter = chat.sequence.tokenMeter;
        const before = meter.usedOutputTokens;
        const started = performance.now();
        await chat.generateResponse(history, { ...samplingOptions({ seed }), maxTokens: GENERATED_TOKENS, ...(constrained ? { grammar } : {}) });
        return { ms: performance.now() - started, tokens: meter.usedOutputTokens - before };
    };
    // Seeds whose generations run the whole budget both ways (random weights sometimes close the JSON early).
    const seeds: number[] = [];
    for (let seed = 1; seeds.length < SEEDS && seed <= 60; seed += 1) {
        const [constrained, free] = [await generate(seed, true), await generate(seed, false)];
        if (constrained.tokens === GENERATED_TOKENS && free.tokens === GENERATED_TOKENS) seeds.push(seed);
    }
    if (seeds.length === 0) throw new Error(`no seed among 1..60 generates ${GENERATED_TOKENS} tokens both ways`);
    const perToken = { free: [] as number[], grammar: [] as number[] };
    for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
        for (const seed of seeds) {
            const free = await generate(seed, false);
            const constrained = await generate(seed, true);
            if (free.tokens !== GENERATED_TOKENS || constrained.tokens !== GENERATED_TOKENS) throw new Error(`seed ${seed} generated ${free.tokens} / ${constrained.tokens} tokens`);
            perToken.free.push(free.ms / free.tokens);
            perToken.grammar.push(constrained.ms / constrained.tokens);
        }
    }
    await context.dispose();
    const freeMs = median(perToken.free);
    const grammarMs = median(perToken.grammar);
    return { freeMs, grammarMs, ratio: grammarMs / freeMs, seeds, samples: perToken.free.length };
}

async function withModel(path: string): Promise<Figures> {
    const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    try {
        return await measure(model);
    } finally {
        await model.dispose();
    }
}

const writer = await withModel(await createScriptedModel({ ...size, scripts: [{ trigger: "assistant", output: `<|channel|>final<|message|>${PLAN}<|return|>` }] }));
// The model the overhead bench's structured call uses (same options, same cached file).
const random = await withModel(await createRandomModel({ ...size, seed: 5 }));
const load = os.loadavg()[0]!;

printTable(`structured: ms per generated token, submit_plan grammar vs none, ${GENERATED_TOKENS} tokens, median of ${writer.samples}; ${machineDescription()}; load average ${load.toFixed(2)}`, [
    { model: "writes the plan (scripted)", unconstrained_ms: writer.freeMs.toFixed(2), grammar_ms: writer.grammarMs.toFixed(2), ratio: writer.ratio.toFixed(3) },
    { model: "random weights (worst case)", unconstrained_ms: random.freeMs.toFixed(2), grammar_ms: random.grammarMs.toFixed(2), ratio: random.ratio.toFixed(3) },
]);
const file = await writeBenchResults("structured", {
    structured_cost_ratio: Number(writer.ratio.toFixed(4)),
    unconstrained_ms_per_token: Number(writer.freeMs.toFixed(3)),
    grammar_ms_per_token: Number(writer.grammarMs.toFixed(3)),
    structured_cost_ratio_random_weights: Number(random.ratio.toFixed(4)),
    random_weights_unconstrained_ms_per_token: Number(random.freeMs.toFixed(3)),
    random_weights_grammar_ms_per_token: Number(random.grammarMs.toFixed(3)),
    generated_tokens: GENERATED_TOKENS,
    samples: writer.samples,
    load_average: Number(load.toFixed(2)),
    tokenizer: "o200k_harmony (201,088 tokens)",
    model: `synthetic gpt-oss, ${process.env.BENCH_TINY ? "tiny" : "bench size (BENCH_MODEL_OPTIONS)"}, CPU, threads 1`,
});
console.log(`wrote ${file}`);
process.exit(0);
