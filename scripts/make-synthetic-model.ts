// Writes a synthetic gpt-oss GGUF (see test/fixtures/synthetic-model) and prints its path.
//   node --import tsx scripts/make-synthetic-model.ts --out x.gguf
//   node --import tsx scripts/make-synthetic-model.ts --out s.gguf \
//       --scripted '[{"trigger":"assistant","output":"<|channel|>final<|message|>Hi!<|return|>"}]'
//   node --import tsx scripts/make-synthetic-model.ts --bench --embedding 2048
// --scripted takes a JSON array of {trigger, output, cycle?}, or {scripts, cycle}. Without --out
// the cached file's path is printed.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
    BENCH_MODEL_OPTIONS, createRandomModel, createScriptedModel, type ScriptedModelOptions, type SyntheticModelOptions,
} from "../test/fixtures/synthetic-model/index.ts";

const NUMBER_OPTIONS = {
    seed: "seed", embedding: "embeddingLength", blocks: "blockCount", experts: "expertCount", "experts-used": "expertUsedCount",
    "expert-ff": "expertFeedForwardLength", heads: "headCount", "heads-kv": "headCountKv", "head-dim": "headDim",
    context: "contextLength", "sliding-window": "slidingWindow",
} as const satisfies Record<string, keyof SyntheticModelOptions>;

const { values } = parseArgs({
    options: {
        out: { type: "string" },
        scripted: { type: "string" },
        cycle: { type: "string" },
        bench: { type: "boolean", default: false },
        "expert-type": { type: "string" },
        name: { type: "string" },
        "extra-word": { type: "string", multiple: true },
        vocabulary: { type: "string" },
        help: { type: "boolean", default: false },
        ...Object.fromEntries(Object.keys(NUMBER_OPTIONS).map((flag) => [flag, { type: "string" as const }])),
    },
    strict: true,
});

if (values.help) {
    console.log(`usage: make-synthetic-model.ts [--out FILE] [--scripted JSON] [--cycle TEXT] [--bench] [--expert-type f32|f16|mxfp4] [--name NAME] [--vocabulary o200k_harmony|small] [--extra-word W]... (--extra-word needs --vocabulary small) ${Object.keys(NUMBER_OPTIONS).map((flag) => `[--${flag} N]`).join(" ")}`);
    process.exit(0);
}

const options: SyntheticModelOptions = { ...(values.bench ? BENCH_MODEL_OPTIONS : {}) };
const flags = values as Record<string, unknown>;
for (const [flag, key] of Object.entries(NUMBER_OPTIONS)) {
    const raw = flags[flag];
    if (typeof raw !== "string") continue;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new Error(`--${flag} needs an integer, got ${raw}`);
    options[key] = value;
}
const expertType = values["expert-type"];
if (expertType !== undefined) {
    if (expertType !== "f32" && expertType !== "f16" && expertType !== "mxfp4") throw new Error("--expert-type is f32, f16 or mxfp4");
    options.expertType = expertType;
}
if (values.name !== undefined) options.name = values.name;
const vocabulary = values.vocabulary;
if (vocabulary !== undefined) {
    if (vocabulary !== "o200k_harmony" && vocabulary !== "small") throw new Error("--vocabulary is o200k_harmony (gpt-oss's real tokenizer, the default) or small");
    options.vocabulary = vocabulary;
}
if (values["extra-word"] !== undefined) options.extraWords = values["extra-word"];

function scriptedOptions(json: string): ScriptedModelOptions {
    const parsed = JSON.parse(json) as unknown;
    const scripted: Pick<ScriptedModelOptions, "scripts" | "cycle"> = Array.isArray(parsed) ? { scripts: parsed } : parsed as Pick<ScriptedModelOptions, "scripts" | "cycle">;
    return { ...options, scripts: scripted.scripts, cycle: values.cycle ?? scripted.cycle };
}

const file = values.scripted !== undefined ? await createScriptedModel(scriptedOptions(values.scripted)) : await createRandomModel(options);
if (values.out !== undefined) {
    copyFileSync(file, values.out);
    console.log(path.resolve(values.out));
} else {
    console.log(file);
}
