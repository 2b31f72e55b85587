// Inline completions through the real server and engine on scripted synthetic gpt-oss models.
// The completion prompt ends with the prefilled `<|start|>assistant<|channel|>final<|message|>`,
// so its last token is <|message|>: the scripts are keyed on that.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { CompletionStatsRequest, InlineCompletionRequest, RequestCancelledError, type CompletionParams } from "../../protocol/index.ts";
import { createScriptedModel } from "../fixtures/synthetic-model/index.ts";
import { startServer, testConfig, type ServerHandle } from "../support/server-process.ts";
import { waitFor } from "../support/wait-for.ts";

const TS_PREFIX = "export function shout(name: string): string {\n    return name.";
const TS_SUFFIX = "\n}\n";
const BASE: CompletionParams = { path: "src/shout.ts", languageId: "typescript", prefix: TS_PREFIX, suffix: TS_SUFFIX };

describe("completion: exact scripted ghost text", () => {
    let server: ServerHandle;
    before(async () => {
        // The model also closes the function; the file already has that "}", so it must not be shown.
        const model = await createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "toUpperCase();\n}<|return|>" }] });
        server = await startServer();
        await server.client.load(testConfig(model));
    });
    after(() => server.stop());

    test("the ghost text is the scripted completion after post-processing", async () => {
        const result = await server.client.request(InlineCompletionRequest, BASE);
        assert.equal(result.text, "toUpperCase();");
        assert.equal(result.source, "generated");
        assert.ok(result.usage.generatedTokens > 0);
        assert.ok(result.usage.promptTokens > 100);
    });

    test("the same position again and typing along the suggestion are cache hits that do not touch the engine", async () => {
        const before = await server.client.request(CompletionStatsRequest, {});
        const again = await server.client.request(InlineCompletionRequest, BASE);
        assert.deepEqual([again.text, again.source, again.usage.evaluatedTokens], ["toUpperCase();", "cache", 0]);
        const along = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: `${TS_PREFIX}toUpper` });
        assert.deepEqual([along.text, along.source], ["Case();", "cache"]);
        const after = await server.client.request(CompletionStatsRequest, {});
        assert.equal(after.generationsStarted, before.generationsStarted);
        assert.equal(after.evaluatedTokens, before.evaluatedTokens);
        assert.equal(after.cacheHits - before.cacheHits, 2);
    });

    test("a keystroke off the suggestion reuses the KV cache: only the changed tail is evaluated", async () => {
        const next = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: `${TS_PREFIX}t` });
        assert.equal(next.source, "cache"); // "t" is the suggestion's start
        const other = await server.client.request(InlineCompletionRequest, { ...BASE, prefix: `${TS_PREFIX}x` });
        assert.equal(other.source, "generated");
        assert.ok(other.usage.evaluatedTokens <= 8, `evaluated ${other.usage.evaluatedTokens} of ${other.usage.promptTokens}`);
    });
});

describe("completion: cancellation, joining and bursts", () => {
    let server: ServerHandle;
    // Never ends by itself and never writes a newline: runs until its token budget.
    before(async () => {
        const model = await createScriptedModel({ scripts: [{ trigger: "<|message|>", output: "go", cycle: " tick tock" }] });
        server = await startServer();
        await server.client.load(testConfig(model));
    });
    after(() => server.stop());

    const params = (prefix: string, maxTokens = 400): CompletionParams => ({ path: "a.py", languageId: "python", prefix: `def f():\n    ${prefix}`, suffix: "", maxTokens });

    test("cancelling mid-generation frees the engine at once", async () => {
        await server.client.request(CompletionStatsRequest, { reset: true });
        const abort = new AbortController();
        const long = server.client.request(InlineCompletionRequest, params("cancelled = ", 512), abort.signal);
        // Cancel once the generation runs (a state the server reports), not after a guessed delay.
        await waitFor(async () => (await server.client.request(CompletionStatsRequest, {})).generationsRunning === 1 || undefined, "the generation to start");
        abort.abort();
        await assert.rejects(long, RequestCancelledError);
        const next = await server.client.request(InlineCompletionRequest, params("next = ", 8));
        assert.equal(next.source, "generated");
        const stats = await server.client.request(CompletionStatsRequest, {});
        assert.equal(stats.generationsStarted, 2);
        assert.equal(stats.cancelled, 1);
        // The cancelled generation stopped where it was, far short of its 512-token budget (which it
        // would fill: this model never ends by itself); counted in tokens, not milliseconds.
        const cancelledTokens = stats.generatedTokens - next.usage.generatedTokens;
        assert.ok(cancelledTokens < 256, `the cancelled generation went on to ${cancelledTokens} tokens`);
    });

    test("typing the characters the running generation produces joins it instead of restarting", async () => {
        const before = await server.client.request(CompletionStatsRequest, {});
        const abort = new AbortController();
        const first = server.client.request(InlineCompletionRequest, params("join = ", 60), abort.signal).catch((error: unknown) => error);
        await waitFor(async () => (await server.client.request(CompletionStatsRequest, {})).generationsRunning === 1 || undefined, "the first generation to start");
        abort.abort(); // the editor cancels the previous keystroke's request…
        const second = await server.client.request(InlineCompletionRequest, params("join = go tick", 60)); // …and asks again
        assert.ok(await first instanceof RequestCancelledError);
        const after = await server.client.request(CompletionStatsRequest, {});
        assert.equal(after.generationsStarted - before.generationsStarted, 1);
        assert.equal(second.source, "joined");
        assert.ok(second.text.startsWith(" tock tick tock"), second.text);
    });

    test("a burst of 50 keystroke requests leaves one generation running and memory flat", async () => {
        const rssAfterBurst: number[] = [];
        const heapAfterBurst: number[] = [];
        for (let round = 0; round < 3; round += 1) {
            await server.client.request(CompletionStatsRequest, { reset: true });
            let abort = new AbortController();
            const requests: Array<Promise<unknown>> = [];
            let typed = `burst${round} = `;
            for (let key = 0; key < 50; key += 1) {
                abort.abort();
                abort = new AbortController();
                typed += "abcdefghij"[key % 10];
                requests.push(server.client.request(InlineCompletionRequest, params(typed, 64), abort.signal).catch((error: unknown) => error));
                const stats = await server.client.request(CompletionStatsRequest, {});
                assert.ok(stats.generationsRunning <= 1, `${stats.generationsRunning} generations running`);
                await new Promise((resolve) => setTimeout(resolve, 3)); // keystroke spacing: a burst is keys a few ms apart
            }
            const outcomes = await Promise.all(requests);
            assert.ok(!(outcomes.at(-1) instanceof Error), "the last keystroke's request is answered");
            const unexpected = outcomes.filter((outcome) => outcome instanceof Error && !(outcome instanceof RequestCancelledError));
            assert.deepEqual(unexpected, [], "earlier requests are cancelled (or answered, when one finished before the next keystroke)");
            const cancelledCount = outcomes.filter((outcome) => outcome instanceof RequestCancelledError).length;
            assert.ok(cancelledCount >= 40, `${cancelledCount} of 50 cancelled`);
            const stats = await server.client.request(CompletionStatsRequest, {});
            assert.equal(stats.maxConcurrentGenerations, 1);
            assert.equal(stats.generationsRunning, 0);
            assert.equal(stats.requests, 50);
            rssAfterBurst.push(stats.rssBytes);
            heapAfterBurst.push(stats.heapUsedBytes);
        }
        // Nothing a burst leaves behind accumulates. The JS heap is the close check (requests,
        // generations, cache entries); the process's resident memory moves in allocator steps (one
        // of ~30 MiB once, then flat, with the real 201k-token vocabulary), so its bound is wider:
        // a leaked logits buffer per cancelled generation (0.8 MiB each, 50 a burst) would still break it.
        const heapGrowth = heapAfterBurst[2]! - heapAfterBurst[0]!;
        assert.ok(heapGrowth < 16 * 2 ** 20, `the server's heap grew by ${(heapGrowth / 2 ** 20).toFixed(1)} MiB between bursts`);
        const growth = rssAfterBurst[2]! - rssAfterBurst[0]!;
        assert.ok(growth < 64 * 2 ** 20, `server memory grew by ${(growth / 2 ** 20).toFixed(1)} MiB between bursts`);
    });
});
