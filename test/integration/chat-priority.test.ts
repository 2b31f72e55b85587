// Ghost text before chat, through the real engine (node-llama-cpp, CPU) on a scripted synthetic
// gpt-oss: a chat answer that pauses for inline completions ends with exactly the text it has
// without them, whether those completions finish or are cancelled, and a chat paused when the
// model is unloaded fails instead of waiting. Pauses are counted by the policy object
// (LoadedModel.priority), never inferred from timing.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { getLlama, type Llama } from "node-llama-cpp";
import type { CompletionParams } from "../../protocol/index.ts";
import { CompletionService } from "../../server/completion/completion-service.ts";
import { EngineError } from "../../server/engine/engine-error.ts";
import { generate, type GenerationRequest } from "../../server/engine/generate.ts";
import { LoadedModel } from "../../server/engine/loaded-model.ts";
import { checkModelFile } from "../../server/engine/model-file-check.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { testConfig } from "../support/server-process.ts";
import { waitFor } from "../support/wait-for.ts";

// The answer, then " tick tock" until the token budget: long enough that completions fired from
// its first chunks find it still generating. The completion prompt also ends in <|message|>, so
// ghost text continues the same script.
const ANSWER = "Paused answers keep every word in order.";
const REQUEST: GenerationRequest = {
    messages: [{ role: "user", content: "Say it." }],
    reasoningEffort: "low",
    maxTokens: 60,
    sampling: { seed: 3 },
};

function completionAt(index: number): CompletionParams {
    // A different prefix each time, so each request runs a generation (no cache hit).
    return { path: "src/a.ts", languageId: "typescript", prefix: `const value${index} = `, suffix: "\n", maxLines: 1, maxTokens: 8 };
}

describe("chat generations pause for inline completions", () => {
    let llama: Llama;
    let modelPath: string;
    before(async () => {
        modelPath = await createScriptedModel({ scripts: [{ trigger: "assistant", output: `<|channel|>final<|message|>${ANSWER}`, cycle: " tick tock" }] });
        llama = await getLlama({ gpu: false });
    });
    after(() => llama.dispose());

    async function load(): Promise<LoadedModel> {
        return LoadedModel.load(llama, testConfig(modelPath), await checkModelFile(modelPath), () => undefined);
    }

    test("an answer paused for completions, finished or cancelled, is the same text as without them", async () => {
        const loaded = await load();
        const service = new CompletionService(() => loaded);
        try {
            const alone = await generate(loaded, REQUEST, undefined);
            assert.ok(alone.text.startsWith(ANSWER), alone.text);
            assert.equal(alone.stopReason, "max-tokens");
            assert.equal(loaded.priority.figures.pauses, 0);

            // A completion starts from inside the chat's own chunk callback whenever none is running:
            // its hold is taken before the callback returns, so the chat's next decode must wait.
            // Every other one is cancelled at once: the chat must go on after those too.
            let fired = 0;
            let inFlight: Promise<unknown> | null = null;
            const answered: string[] = [];
            const paused = await generate(loaded, REQUEST, (channel) => {
                if (channel !== "final" || inFlight !== null) return;
                const abort = new AbortController();
                const index = fired++;
                inFlight = service.complete(completionAt(index), abort.signal)
                    .then((result) => { answered.push(result.text); }, (error: unknown) => {
                        if (!(error instanceof EngineError && error.code === "cancelled")) throw error;
                    })
                    .finally(() => { inFlight = null; });
                if (index % 2 === 1) abort.abort();
            });
            await inFlight;

            assert.equal(paused.text, alone.text);
            assert.equal(paused.usage.generatedTokens, alone.usage.generatedTokens);
            assert.ok(fired >= 2, `completions fired: ${fired}`);
            assert.ok(answered.length >= 1 && answered.every((text) => text.length > 0), `ghost texts: ${JSON.stringify(answered)}`);
            const figures = loaded.priority.figures;
            assert.ok(figures.pauses >= 1, `pauses: ${figures.pauses}`);
            assert.equal(figures.expiredHolds, 0);
            assert.equal(figures.urgent, 0);
        } finally {
            service.dispose();
            await loaded.dispose();
        }
    });

    test("a prompt longer than a batch, evaluated batch by batch with a pause, still gives the scripted answer", async () => {
        const loaded = await load();
        try {
            const long = { ...REQUEST, messages: [{ role: "user" as const, content: "alpha beta gamma delta ".repeat(200) }] };
            const release = loaded.priority.hold();
            const outcome = generate(loaded, long, undefined);
            await waitFor(() => loaded.priority.figures.pauses === 1 || undefined, "the chat pausing before its prompt");
            release();
            const result = await outcome;
            assert.ok(result.usage.evaluatedTokens > loaded.context.batchSize, `${result.usage.evaluatedTokens} prompt tokens, batch ${loaded.context.batchSize}`);
            assert.ok(result.text.startsWith(ANSWER), result.text);
        } finally {
            await loaded.dispose();
        }
    });

    test("a chat paused when the model is unloaded fails at once instead of waiting for the completion", async () => {
        const loaded = await load();
        let held = false;
        const outcome = generate(loaded, REQUEST, (channel) => {
            if (channel !== "final" || held) return;
            // Stands in for a completion that never ends: a policy hold nobody releases.
            loaded.priority.hold();
            held = true;
        });
        outcome.catch(() => undefined);
        await waitFor(() => loaded.priority.figures.pauses === 1 || undefined, "the chat pausing");
        await loaded.dispose();
        await assert.rejects(outcome, (error: unknown) => error instanceof EngineError && error.code === "generation-failed");
        assert.equal(loaded.priority.figures.pauses, 1);
        assert.equal(loaded.priority.figures.expiredHolds, 0);
    });
});
