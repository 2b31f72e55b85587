// The synthetic gpt-oss generator, checked through real node-llama-cpp (CPU, one thread): the
// files load as llama.cpp's gpt-oss architecture, node-llama-cpp picks HarmonyChatWrapper for
// them, random weights under a JSON-schema grammar give parseable JSON, and scripted models say
// exactly what their script says through LlamaChatSession and LlamaChat: a final answer,
// analysis then final, a tool call, a generation that never ends.
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
    getLlama, HarmonyChatWrapper, LlamaChat, LlamaChatSession,
    type ChatHistoryItem, type ChatModelFunctions, type Llama, type LlamaContext, type LlamaModel, type Token,
} from "node-llama-cpp";
import { BENCH_MODEL_OPTIONS, createRandomModel, createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { HARMONY_SPECIAL_TOKENS, PROMPT_TEXTS, tokenText, VocabularyBuilder } from "../fixtures/synthetic-model/vocabulary.ts";

const HELLO = "<|channel|>final<|message|>Hello world! I am a tiny model.<|return|>";
const ANALYSIS_THEN_FINAL = "<|channel|>analysis<|message|>Let me think.<|end|><|start|>assistant<|channel|>final<|message|>The answer is 42.<|return|>";
const TOOL_CALL = '<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"a.ts"}<|call|>';
const TODAY = new Date("2025-06-28T00:00:00Z");
/** OpenAI's recommended sampling for gpt-oss; scripted models must not depend on greedy decoding. */
const SAMPLING = { temperature: 1, topP: 1, topK: 0, minP: 0 };
const CHAT_SAMPLING = { ...SAMPLING, repeatPenalty: false as const };
const userTurn = (text: string): ChatHistoryItem[] => [{ type: "user", text }, { type: "model", response: [] }];

let llama: Llama;
const opened: Array<{ model: LlamaModel; context: LlamaContext }> = [];

before(async () => { llama = await getLlama({ gpu: false }); });
after(async () => {
    for (const { context, model } of opened) {
        await context.dispose();
        await model.dispose();
    }
    await llama.dispose();
});

async function open(modelPath: string, contextSize = 2048) {
    const started = performance.now();
    const model = await llama.loadModel({ modelPath });
    const loadMs = performance.now() - started;
    const context = await model.createContext({ contextSize, threads: 1, sequences: 2 });
    opened.push({ model, context });
    return { model, context, loadMs };
}

describe("the generator", () => {
    test("writes a random model, and serves it from the cache after", async (t) => {
        await createRandomModel(); // unpacks the chat template once
        const dir = await mkdtemp(path.join(os.tmpdir(), "synthetic-model-cache-"));
        try {
            const started = performance.now();
            const first = await createRandomModel({ seed: 102, dir });
            const generateMs = performance.now() - started;
            const cachedStarted = performance.now();
            assert.equal(await createRandomModel({ seed: 102, dir }), first);
            const cachedMs = performance.now() - cachedStarted;
            assert.notEqual(await createRandomModel({ seed: 103, dir }), first, "other options, other file");
            t.diagnostic(`random model: generated in ${generateMs.toFixed(0)} ms (${((await stat(first)).size / 1e6).toFixed(2)} MB), cached lookup ${cachedMs.toFixed(1)} ms`);
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });

    test("small vocabulary: harmony special tokens last in their real order as control tokens; llama.cpp tokenizes as the generator predicts", async () => {
        // The small byte vocabulary is the one under test here (o200k_harmony: o200k-harmony-tokenizer.test.ts).
        const { model } = await open(await createRandomModel({ vocabulary: "small", extraWords: ["tokenizer check"] }));
        const tokens = model.fileInfo.metadata.tokenizer.ggml.tokens as string[];
        const types = model.fileInfo.metadata.tokenizer.ggml.token_type as number[];
        assert.deepEqual(tokens.slice(-21), [...HARMONY_SPECIAL_TOKENS]);
        assert.ok(types.slice(-21).every((type) => type === 3));
        assert.ok(tokens.length < 700, `${tokens.length} tokens`);

        const builder = new VocabularyBuilder();
        for (const text of [...PROMPT_TEXTS, "tokenizer check"]) builder.addText(text);
        const prompt = new HarmonyChatWrapper({ todayDate: TODAY }).generateContextState({
            chatHistory: [{ type: "system", text: "Be brief, tokenizer check." }, ...userTurn("Say hello, it's 2026!\n\n  x")],
        }).contextText.toString();
        const actual = model.tokenize(prompt, true).map((token) => model.detokenize([token], true));
        assert.deepEqual(actual, builder.tokenize(prompt).map(tokenText));
        for (const word of ["assistant", "analysis", "commentary", "final", "functions", "json", "tokenizer", " check"]) {
            assert.equal(model.tokenize(word).length, 1, `${JSON.stringify(word)} is one token`);
        }
    });

    test("rejects scripts no model could follow, naming the token", async () => {
        await assert.rejects(createScriptedModel({
            scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>Yes.<|return|>" }, { trigger: "assistant", output: "<|channel|>analysis<|message|>No.<|end|>" }],
        }), /token "<\|channel\|>" would have to be followed by "final" .* and by "analysis"/);
        await assert.rejects(createScriptedModel({ scripts: [{ trigger: "assistant here", output: "x" }] }), /must be the text of one token/);
    });
});

describe("a random model", () => {
    let context: LlamaContext;
    let loadMs: number;
    before(async () => ({ context, loadMs } = await open(await createRandomModel({ seed: 7 }), 4096)));

    test("loads, gets HarmonyChatWrapper from node-llama-cpp, and generates", async (t) => {
        t.diagnostic(`random model: loaded in ${loadMs.toFixed(1)} ms`);
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        assert.ok(session.chatWrapper instanceof HarmonyChatWrapper, `picked ${session.chatWrapper.wrapperName}`);
        let generated = 0;
        const started = performance.now();
        const meter = session.sequence.tokenMeter;
        const inputBefore = meter.usedInputTokens;
        await session.prompt("Say hello.", { ...CHAT_SAMPLING, seed: 1, maxTokens: 200, onToken: (tokens) => { generated += tokens.length; } });
        const ms = performance.now() - started;
        t.diagnostic(`random model: ${meter.usedInputTokens - inputBefore} input tokens evaluated (prompt, re-renders) + ${generated} generated in ${ms.toFixed(0)} ms (${(generated / ms * 1000).toFixed(0)} tok/s overall, 1 thread)`);
        assert.ok(generated > 0);
        session.dispose({ disposeSequence: true });
    });

    test("JSON-schema grammar output parses and fits the schema, over several seeds", async () => {
        const schema = {
            type: "object",
            properties: {
                summary: { type: "string" },
                steps: { type: "array", items: { type: "object", properties: { file: { type: "string" }, action: { enum: ["edit", "create", "delete"] } } } },
                confidence: { type: "number" },
                done: { type: "boolean" },
            },
        } as const;
        const grammar = await llama.createGrammarForJsonSchema(schema);
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        let completed = 0;
        for (let seed = 1; seed <= 8; seed += 1) {
            const result = await chat.generateResponse(userTurn("Plan the edit."), { ...CHAT_SAMPLING, seed, grammar, maxTokens: 400 });
            if (result.metadata.stopReason === "maxTokens") continue;
            const value = grammar.parse(result.response);
            assert.equal(typeof value.summary, "string");
            assert.ok(Array.isArray(value.steps) && value.steps.every((step) => ["edit", "create", "delete"].includes(step.action)));
            assert.equal(typeof value.done, "boolean");
            completed += 1;
        }
        assert.ok(completed >= 6, `only ${completed} of 8 finished within 400 tokens`);
        chat.dispose({ disposeSequence: true });
    });
});

describe("a scripted final answer", () => {
    let context: LlamaContext;
    let model: LlamaModel;
    before(async () => ({ context, model } = await open(await createScriptedModel({ scripts: [{ trigger: "assistant", output: HELLO }] }))));

    test("arrives exactly, in several chunks, through LlamaChatSession.prompt, and again on a second turn", async () => {
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        const chunks: string[] = [];
        const answer = await session.prompt("Say hello.", { ...CHAT_SAMPLING, onTextChunk: (text) => chunks.push(text) });
        assert.equal(answer, "Hello world! I am a tiny model.");
        assert.ok(chunks.length > 1);
        const second = await session.prompt("Again, please.", CHAT_SAMPLING);
        assert.equal(second, "Hello world! I am a tiny model.");
        assert.equal(session.getChatHistory().filter((item) => item.type === "model").length, 2);
        session.dispose({ disposeSequence: true });
    });

    test("arrives exactly through LlamaChat.generateResponse with a pinned HarmonyChatWrapper", async () => {
        const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new HarmonyChatWrapper({ todayDate: TODAY, reasoningEffort: "low" }) });
        const result = await chat.generateResponse(userTurn("Say hello."), CHAT_SAMPLING);
        assert.equal(result.response, "Hello world! I am a tiny model.");
        assert.equal(result.metadata.stopReason, "eogToken");
        chat.dispose({ disposeSequence: true });
    });

    test("is the model's own output, token by token, without any chat wrapper", async () => {
        const sequence = context.getSequence();
        const prompt = new HarmonyChatWrapper({ todayDate: TODAY }).generateContextState({ chatHistory: userTurn("Say hello.") }).contextText;
        const generated: Token[] = [];
        for await (const token of sequence.evaluate(prompt.tokenize(model.tokenizer), { ...SAMPLING, yieldEogToken: true })) {
            generated.push(token);
            if (model.isEogToken(token) || generated.length > 40) break;
        }
        assert.equal(model.detokenize(generated, true), HELLO);
        await sequence.dispose();
    });
});

describe("a scripted analysis then final answer", () => {
    let context: LlamaContext;
    before(async () => ({ context } = await open(await createScriptedModel({ scripts: [{ trigger: "assistant", output: ANALYSIS_THEN_FINAL }] }))));

    test("reasoning arrives as a thought segment and the answer exactly, then a second turn works", async () => {
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        const thought: string[] = [];
        const final: string[] = [];
        const answer = await session.prompt("What is the answer?", {
            ...CHAT_SAMPLING,
            onResponseChunk: (chunk) => {
                if (chunk.type === "segment" && chunk.segmentType === "thought") thought.push(chunk.text);
                else if (chunk.type === undefined) final.push(chunk.text);
            },
        });
        assert.equal(thought.join(""), "Let me think.");
        assert.equal(final.join(""), "The answer is 42.");
        assert.equal(answer, "The answer is 42.");
        const again = await session.prompt("And again?", CHAT_SAMPLING);
        assert.equal(again, "The answer is 42.");
        session.dispose({ disposeSequence: true });
    });

    test("LlamaChat returns the thought as an ended segment before the answer", async () => {
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        const result = await chat.generateResponse(userTurn("What is the answer?"), CHAT_SAMPLING);
        const [segment, answer] = result.fullResponse;
        assert.ok(typeof segment === "object" && segment.type === "segment");
        assert.deepEqual({ type: segment.segmentType, text: segment.text, ended: segment.ended }, { type: "thought", text: "Let me think.", ended: true });
        assert.equal(answer, "The answer is 42.");
        chat.dispose({ disposeSequence: true });
    });
});

describe("a scripted tool call", () => {
    let context: LlamaContext;
    const functions = {
        write_file: { description: "Write a file", params: { type: "object", properties: { path: { type: "string" }, text: { type: "string" } } } },
        read_file: { description: "Read a file", params: { type: "object", properties: { path: { type: "string" } } } },
    } as const satisfies ChatModelFunctions;
    before(async () => ({ context } = await open(await createScriptedModel({ scripts: [{ trigger: "assistant", output: TOOL_CALL }] }))));

    test("LlamaChat parses it as a call of read_file with the scripted params, whatever the seed", async () => {
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        for (const seed of [1, 2, 3]) {
            const result = await chat.generateResponse(userTurn("Read a.ts"), { ...CHAT_SAMPLING, seed, functions, maxTokens: 100 });
            assert.equal(result.metadata.stopReason, "functionCalls");
            assert.deepEqual(result.functionCalls?.map(({ functionName, params }) => ({ functionName, params })), [{ functionName: "read_file", params: { path: "a.ts" } }]);
        }
        chat.dispose({ disposeSequence: true });
    });

    test("node-llama-cpp quirk: a call cut off by maxTokens is dropped, even one whose last token was the cut", async () => {
        // After the call's params the grammar forces "\n\n\n\n", in newline tokens the sampler picks,
        // so the call's length is measured with a fixed seed rather than assumed.
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        const generate = async (maxTokens: number) => {
            const paramsChunks: string[] = [];
            const before = chat.sequence.tokenMeter.usedOutputTokens;
            const result = await chat.generateResponse(userTurn("Read a.ts"), {
                ...CHAT_SAMPLING, seed: 5, functions, maxTokens, onFunctionCallParamsChunk: (chunk) => paramsChunks.push(chunk.paramsChunk),
            });
            return { result, params: paramsChunks.join(""), generated: chat.sequence.tokenMeter.usedOutputTokens - before };
        };
        const whole = await generate(100);
        assert.equal(whole.result.functionCalls?.length, 1);
        const cut = await generate(whole.generated);
        assert.equal(cut.generated, whole.generated);
        assert.equal(cut.params, whole.params, "the params were streamed whole before the call was dropped");
        assert.match(cut.params, /^\{"path":"a\.ts"\}\n+$/);
        assert.equal(cut.result.metadata.stopReason, "maxTokens");
        assert.deepEqual(cut.result.functionCalls, []);
        assert.equal(cut.result.response, "");
        chat.dispose({ disposeSequence: true });
    });
});

// Code repeats tokens with different successors (" =", ";", " total" here). A first-order model
// can only follow such a script by merging those tokens with a neighbour, so its output is not the
// tokenizer's tokenization of the same text; the previous-token heads keep the real tokens, which is
// what lookup speculation (drafts copied from the prompt's tokens) must be measured on.
const REPEATING_CODE = "const total = price * count; const label = name + total; return label;";
describe("a scripted model told apart by the previous token (previousToken)", () => {
    const output = `<|channel|>final<|message|>${REPEATING_CODE}<|return|>`;

    async function generatedTokens(previousToken: boolean): Promise<{ model: LlamaModel; generated: Token[] }> {
        const { model, context } = await open(await createScriptedModel({ scripts: [{ trigger: "assistant", output }], previousToken }));
        const sequence = context.getSequence();
        const prompt = new HarmonyChatWrapper({ todayDate: TODAY }).generateContextState({ chatHistory: userTurn("Write it again.") }).contextText;
        const generated: Token[] = [];
        for await (const token of sequence.evaluate(prompt.tokenize(model.tokenizer), { ...SAMPLING, yieldEogToken: true })) {
            generated.push(token);
            if (model.isEogToken(token) || generated.length > 60) break;
        }
        await sequence.dispose();
        return { model, generated };
    }

    test("writes the text in exactly the tokens llama.cpp's tokenizer gives it", async () => {
        const { model, generated } = await generatedTokens(true);
        assert.equal(model.detokenize(generated, true), output);
        assert.deepEqual(generated, model.tokenize(output, true));
    });

    test("without it the same script comes out in merged tokens the tokenizer never produces", async () => {
        const { model, generated } = await generatedTokens(false);
        assert.equal(model.detokenize(generated, true), output);
        assert.ok(generated.length < model.tokenize(output, true).length, `${generated.length} generated tokens`);
    });
});

describe("a scripted generation that never ends", () => {
    let context: LlamaContext;
    before(async () => ({ context } = await open(await createScriptedModel({ scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>", cycle: " tick tock" }] }))));

    test("runs until maxTokens", async () => {
        const chat = new LlamaChat({ contextSequence: context.getSequence() });
        const result = await chat.generateResponse(userTurn("Count."), { ...CHAT_SAMPLING, maxTokens: 50 });
        assert.equal(result.metadata.stopReason, "maxTokens");
        assert.match(result.response, /^( tick tock)+( tick)?$/);
        assert.ok(result.response.length > 100);
        chat.dispose({ disposeSequence: true });
    });

    test("runs until aborted", async () => {
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        const controller = new AbortController();
        let received = "";
        const answer = await session.prompt("Count.", {
            ...CHAT_SAMPLING, signal: controller.signal, stopOnAbortSignal: true,
            onTextChunk: (text) => { received += text; if (received.length > 60) controller.abort(); },
        });
        assert.match(answer, /^( tick tock)+/);
        assert.ok(answer.length > 60 && answer.length < 200, `${answer.length} characters`);
        session.dispose({ disposeSequence: true });
    });
});

// Bench size (BENCH_MODEL_OPTIONS, a ~300 MB file generated in ~15 s): opt-in, it is slow.
describe("a bench-size scripted model", { skip: process.env.SYNTHETIC_MODEL_BENCH ? false : "set SYNTHETIC_MODEL_BENCH=1 to run (generates a ~300 MB model)" }, () => {
    test("still follows its script, and a 64-token chat call takes about a second on one thread", async (t) => {
        const started = performance.now();
        const file = await createScriptedModel({ ...BENCH_MODEL_OPTIONS, scripts: [{ trigger: "assistant", output: "<|channel|>final<|message|>" }], cycle: " one two three four" });
        const generateMs = performance.now() - started;
        const { context, loadMs } = await open(file, 4096);
        const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new HarmonyChatWrapper({ todayDate: TODAY, reasoningEffort: "low" }) });
        const history: ChatHistoryItem[] = [{ type: "system", text: "You are a careful coding assistant." }, ...userTurn("Write a function that reverses a linked list, and explain it briefly.")];
        const times: number[] = [];
        for (let repetition = 0; repetition < 4; repetition += 1) {
            const callStarted = performance.now();
            const result = await chat.generateResponse(history, { ...CHAT_SAMPLING, seed: repetition, maxTokens: 64 });
            times.push(performance.now() - callStarted);
            assert.match(result.response, /^( one two three four)+/);
        }
        const [cold, ...warm] = times;
        t.diagnostic(`bench size: generated in ${generateMs.toFixed(0)} ms, loaded in ${loadMs.toFixed(0)} ms; 64-token chat call ${cold!.toFixed(0)} ms from an empty sequence, ${warm.map((ms) => ms.toFixed(0)).join("/")} ms with the prompt cached`);
        chat.dispose({ disposeSequence: true });
    });
});
