// Overhead of the product's path (typed client → JSON-RPC over IPC → language server → engine)
// against calling node-llama-cpp directly in-process with the same prompt, the same sampling and
// the same number of generated tokens. Interleaved repetitions; the ratio of medians.
import { getLlama, HarmonyChatWrapper, LlamaChat, type LlamaGrammar } from "node-llama-cpp";
import { z } from "zod";
import type { ChatMessage } from "../protocol/index.ts";
import { toChatHistory } from "../server/engine/harmony-history.ts";
import { samplingOptions } from "../server/engine/sampling.ts";
import { BENCH_MODEL_OPTIONS, createScriptedModel, createRandomModel } from "../test/fixtures/synthetic-model/index.ts";
import { startServer, testConfig } from "../test/support/server-process.ts";
import { machineDescription, median, printTable, writeBenchResults } from "./support/bench-results.ts";
import { processCpuMs } from "../test/support/process-cpu.ts";
import { fileMapping } from "../test/support/file-mapping.ts";

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 11);
const GENERATED_TOKENS = 64;
const MESSAGES: ChatMessage[] = [
    { role: "system", content: "You are a careful coding assistant." },
    { role: "user", content: "Write a function that reverses a linked list, and explain it briefly." },
];
const Plan = z.object({ summary: z.string(), steps: z.array(z.object({ file: z.string(), change: z.string() })) });

// A model that never stops by itself, so every call generates exactly GENERATED_TOKENS tokens.
const chatModel = await createScriptedModel({ ...BENCH_MODEL_OPTIONS, scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " one two three four" });
const structuredModel = await createRandomModel({ ...BENCH_MODEL_OPTIONS, seed: 5 });

async function measure(modelPath: string, kind: "chat" | "structured") {
    const server = await startServer();
    // Speculation off on our side: the raw call drafts nothing, and the product's lookup drafting
    // (on by default) would make ours do less work on this cyclic output, not the same work.
    // Its gain is bench:speculation's figure; this one is the cost of the path.
    const off = { enabled: false, draftLength: 1, minMatch: 1 };
    await server.client.load(testConfig(modelPath, { contextSize: 4096, speculation: { chat: off, completions: off } }));

    const llama = await getLlama({ gpu: false, build: "never" });
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    const context = await model.createContext({ contextSize: 4096, threads: 1 });
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new HarmonyChatWrapper({ todayDate: today, reasoningEffort: "low", keepOnlyLastThought: true }) });
    const jsonSchema = z.toJSONSchema(Plan, { target: "draft-7", io: "output" }) as Record<string, unknown>;
    const { $schema: _drop, ...grammarSchema } = jsonSchema;
    const grammar: LlamaGrammar = await llama.createGrammarForJsonSchema(grammarSchema as never);
    // Both paths must do the same work: for the structured call, take the first seed whose raw
    // call completes (a random model can ramble past its budget, which ends in an error on our side).
    const seed = kind === "chat" ? 42 : await completingSeed(chat, grammar, async (candidate) => {
        try {
            await server.client.structured(Plan, { messages: MESSAGES, reasoningEffort: "low", maxTokens: GENERATED_TOKENS * 4, sampling: { seed: candidate } });
            return true;
        } catch {
            return false; // cut off through the server's prompt: try the next seed
        }
    });
    const sampling = { ...samplingOptions({ seed }), maxTokens: GENERATED_TOKENS };

    const runOurs = async () => {
        if (kind === "chat") {
            const result = await server.client.chatTurn({ messages: MESSAGES, reasoningEffort: "low", maxTokens: GENERATED_TOKENS, sampling: { seed } }, () => undefined);
            return { generated: result.usage.generatedTokens, serverMs: result.usage.durationMs };
        }
        const result = await server.client.structured(Plan, { messages: MESSAGES, reasoningEffort: "low", maxTokens: GENERATED_TOKENS * 4, sampling: { seed } });
        return { generated: result.usage.generatedTokens, serverMs: result.usage.durationMs };
    };
    const runRaw = async () => {
        const meter = chat.sequence.tokenMeter;
        const outputBefore = meter.usedOutputTokens;
        if (kind === "chat") {
            await chat.generateResponse(toChatHistory(MESSAGES), { ...sampling, onResponseChunk: () => undefined });
        } else {
            await chat.generateResponse(toChatHistory(MESSAGES), { ...sampling, maxTokens: GENERATED_TOKENS * 4, grammar });
        }
        return { generated: meter.usedOutputTokens - outputBefore };
    };
    // CPU of both processes during each call (the idle one adds next to nothing): robust where
    // wall time swings with other people's work on a shared machine.
    const cpuOfBoth = () => {
        const serverCpu = processCpuMs(server.child.pid ?? -1);
        const benchCpu = processCpuMs(process.pid);
        return serverCpu === null || benchCpu === null ? null : serverCpu + benchCpu;
    };
    const timed = async <T>(call: () => Promise<T>) => {
        const cpuBefore = cpuOfBoth();
        const started = performance.now();
        const result = await call();
        const ms = performance.now() - started;
        const cpuAfter = cpuOfBoth();
        return { ...result, ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
    };

    const ours: number[] = [];
    const raw: number[] = [];
    const oursInServer: number[] = [];
    const oursCpu: number[] = [];
    const rawCpu: number[] = [];
    const tokens = { ours: 0, raw: 0 };
    for (let repetition = -2; repetition < REPETITIONS; repetition += 1) {
        // Alternate which path goes first, so a drift in the machine's load or a cache left warm
        // by the previous call favours neither side.
        let oursRun: Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof runOurs>>>>>;
        let rawRun: Awaited<ReturnType<typeof timed<Awaited<ReturnType<typeof runRaw>>>>>;
        if (repetition % 2 === 0) {
            oursRun = await timed(runOurs);
            rawRun = await timed(runRaw);
        } else {
            rawRun = await timed(runRaw);
            oursRun = await timed(runOurs);
        }
        if (repetition < 0) continue; // warm-up
        ours.push(oursRun.ms);
        raw.push(rawRun.ms);
        oursInServer.push(oursRun.serverMs);
        if (oursRun.cpuMs !== null && rawRun.cpuMs !== null) {
            oursCpu.push(oursRun.cpuMs);
            rawCpu.push(rawRun.cpuMs);
        }
        tokens.ours = oursRun.generated;
        tokens.raw = rawRun.generated;
    }
    // How each process maps the model's weights after the runs (see test/support/file-mapping.ts).
    const mapping = (pid: number) => {
        const found = fileMapping(pid, modelPath);
        return found === null ? "n/a" : `${Math.round(found.hugePageMiB)} of ${Math.round(found.residentMiB)} MiB`;
    };
    const hugePages = { ours: mapping(server.child.pid ?? -1), raw: mapping(process.pid) };
    await server.stop();
    await context.dispose();
    await model.dispose();
    return {
        oursMs: median(ours), rawMs: median(raw), ratio: median(ours) / median(raw), tokens,
        // Of our wall time, what the server measured around the generation; the rest is the
        // request and response crossing IPC, validation, and the chunks' delivery.
        inServerMs: median(oursInServer),
        cpuRatio: oursCpu.length > 0 ? median(oursCpu) / median(rawCpu) : null,
        hugePages,
    };
}

/**
 * The first seed whose structured call completes both in process and through the server (their
 * prompts differ slightly, so a random model's output can too; with o200k_harmony's 201,088 tokens
 * a call that completes on one path may ramble past the budget on the other).
 */
async function completingSeed(chat: LlamaChat, grammar: LlamaGrammar, completesThroughServer: (seed: number) => Promise<boolean>): Promise<number> {
    for (let seed = 1; seed <= 40; seed += 1) {
        const response = await chat.generateResponse(toChatHistory(MESSAGES), { ...samplingOptions({ seed }), maxTokens: GENERATED_TOKENS * 4, grammar });
        if (response.metadata.stopReason === "maxTokens") continue;
        try {
            if (!Plan.safeParse(JSON.parse(response.response)).success) continue;
        } catch {
            continue; // not JSON: try the next seed
        }
        if (await completesThroughServer(seed)) return seed;
    }
    throw new Error("no seed among 1..40 completes the structured call within its budget on both paths");
}

const chatFigures = await measure(chatModel, "chat");
const structuredFigures = await measure(structuredModel, "structured");

printTable(`overhead: ours (client → IPC → server → engine) vs node-llama-cpp in-process; median of ${REPETITIONS}; ${machineDescription()}`, [
    { call: "chat turn", ours_ms: chatFigures.oursMs.toFixed(1), raw_ms: chatFigures.rawMs.toFixed(1), ratio: chatFigures.ratio.toFixed(3), in_server_ms: chatFigures.inServerMs.toFixed(1), cpu_ratio: chatFigures.cpuRatio?.toFixed(3) ?? "n/a", tokens_ours: chatFigures.tokens.ours, tokens_raw: chatFigures.tokens.raw },
    { call: "structured", ours_ms: structuredFigures.oursMs.toFixed(1), raw_ms: structuredFigures.rawMs.toFixed(1), ratio: structuredFigures.ratio.toFixed(3), in_server_ms: structuredFigures.inServerMs.toFixed(1), cpu_ratio: structuredFigures.cpuRatio?.toFixed(3) ?? "n/a", tokens_ours: structuredFigures.tokens.ours, tokens_raw: structuredFigures.tokens.raw },
]);
const file = await writeBenchResults("overhead", {
    chat_ratio: Number(chatFigures.ratio.toFixed(4)),
    structured_ratio: Number(structuredFigures.ratio.toFixed(4)),
    chat_ours_ms: Number(chatFigures.oursMs.toFixed(1)),
    chat_raw_ms: Number(chatFigures.rawMs.toFixed(1)),
    chat_in_server_ms: Number(chatFigures.inServerMs.toFixed(1)),
    ...(chatFigures.cpuRatio !== null && { chat_cpu_ratio: Number(chatFigures.cpuRatio.toFixed(4)) }),
    chat_weights_in_2mib_pages_ours: chatFigures.hugePages.ours,
    chat_weights_in_2mib_pages_raw: chatFigures.hugePages.raw,
    structured_ours_ms: Number(structuredFigures.oursMs.toFixed(1)),
    structured_raw_ms: Number(structuredFigures.rawMs.toFixed(1)),
    structured_in_server_ms: Number(structuredFigures.inServerMs.toFixed(1)),
    ...(structuredFigures.cpuRatio !== null && { structured_cpu_ratio: Number(structuredFigures.cpuRatio.toFixed(4)) }),
    structured_weights_in_2mib_pages_ours: structuredFigures.hugePages.ours,
    structured_weights_in_2mib_pages_raw: structuredFigures.hugePages.raw,
    chat_generated_tokens: chatFigures.tokens.ours,
    structured_generated_tokens: structuredFigures.tokens.ours,
    repetitions: REPETITIONS,
    tokenizer: "o200k_harmony (201,088 tokens)",
});
console.log(`wrote ${file}`);
process.exit(0);
