// The embedded backend: gpt-oss in this process through node-llama-cpp. Owns at most one loaded
// model; loading a new one replaces it. Reports every state change through the status store.
import type { Llama, LlamaGrammar } from "node-llama-cpp";
import type { ChatTurnResult, EngineConfig, EngineStatus, StructuredParams, StructuredResult } from "../../protocol/index.ts";
import type { ChatChunkSink, Engine } from "./engine.ts";
import { EngineError, errorMessage } from "./engine-error.ts";
import { generate, grammarSchema, type GenerationOutcome, type GenerationRequest } from "./generate.ts";
import { LoadedModel } from "./loaded-model.ts";
import { backendOf, llamaRuntime } from "./llama-runtime.ts";
import { checkModelFile } from "./model-file-check.ts";
import { StatusStore } from "./status-store.ts";
import { InterruptibleWork } from "./interruptible-work.ts";
import { log } from "../log.ts";

export class EmbeddedEngine implements Engine {
    private readonly store = new StatusStore();
    private loaded: LoadedModel | null = null;
    private loading: { abort: AbortController; done: Promise<void> } | null = null;
    private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
    /** Chat turns and structured calls in progress, stopped when the model goes away. */
    private readonly generations = new InterruptibleWork();
    /** Loads and unloads in the order they were asked for: the newest decides what is loaded. */
    private turns = 0;

    get status(): EngineStatus {
        return this.store.value;
    }

    onStatusChange(listener: (status: EngineStatus) => void): () => void {
        return this.store.subscribe(listener);
    }

    async load(config: EngineConfig, signal?: AbortSignal): Promise<void> {
        // A newer load wins: stop the one in flight, then replace whatever is loaded. Several loads
        // can be waiting for the same one to stop; only the newest goes on (each once ran, at once).
        const turn = ++this.turns;
        if (!(await this.waitForTurn(turn))) throw new EngineError("cancelled", "Loading was cancelled: a newer load or an unload replaced it.");
        const abort = new AbortController();
        signal?.addEventListener("abort", () => abort.abort(), { once: true });
        const done = this.loadNow(config, abort.signal);
        this.loading = { abort, done };
        try {
            await done;
        } finally {
            if (this.loading?.done === done) this.loading = null;
        }
    }

    private async loadNow(config: EngineConfig, signal: AbortSignal): Promise<void> {
        await this.unloadModel(this.store.value.modelPath === config.modelPath
            ? "The model was reloaded while this was being generated, so it was stopped. Ask again."
            : "The model was switched to another one while this was being generated, so it was stopped. Ask again.");
        this.store.reset({ state: "loading", modelPath: config.modelPath, progress: 0 });
        const started = performance.now();
        try {
            const facts = await checkModelFile(config.modelPath);
            this.store.update({ modelName: facts.name });
            const llama: Llama = await llamaRuntime(config.gpu);
            const backend = backendOf(llama);
            const gpuNames = backend === "cpu" ? [] : await llama.getGpuDeviceNames().catch(() => []);
            this.store.update({ backend, gpuNames });
            const loaded = await LoadedModel.load(llama, config, facts, (progress) => this.store.update({ progress }), signal);
            if (signal.aborted) {
                await loaded.dispose();
                throw new EngineError("cancelled", "Loading was cancelled.");
            }
            this.loaded = loaded;
            this.store.update({
                state: "ready",
                progress: null,
                contextSize: loaded.context.contextSize,
                gpuLayers: loaded.model.gpuLayers,
                threads: loaded.threads,
                notice: loaded.notices.length > 0 ? loaded.notices.join(" ") : null,
                completionModelName: loaded.infill?.name ?? null,
                loadPlan: loaded.plan?.summary ?? null,
            });
            log.info(`loaded ${facts.name} on ${backend}${gpuNames.length ? ` (${gpuNames.join(", ")})` : ""}: ` +
                `context ${loaded.context.contextSize}, gpu layers ${loaded.model.gpuLayers}, threads ${loaded.threads}, ` +
                `${Math.round(performance.now() - started)} ms`);
        } catch (error) {
            const engineError = this.store.loadFailed(error);
            log.error(`load failed: ${engineError.message}`);
            throw engineError;
        }
    }

    async unload(): Promise<void> {
        const turn = ++this.turns;
        if (!(await this.waitForTurn(turn))) return; // a newer load or unload decides what is loaded
        await this.unloadModel("The model was unloaded while this was being generated, so it was stopped. Load it again to continue.");
        if (turn === this.turns) this.store.reset();
    }

    /**
     * Stops the load in flight and waits for it; false as soon as a newer load or unload has taken
     * a turn after `turn` (that one stops what is in flight, and decides what stays loaded).
     */
    private async waitForTurn(turn: number): Promise<boolean> {
        while (this.loading) {
            if (turn !== this.turns) return false;
            this.loading.abort.abort();
            await this.loading.done.catch(() => undefined);
        }
        return turn === this.turns;
    }

    /** Frees the loaded model; generations still running are stopped first and fail with `reason`. */
    private async unloadModel(reason: string): Promise<void> {
        const loaded = this.loaded;
        this.loaded = null;
        this.grammars.clear();
        if (loaded) {
            const stopped = this.generations.interruptAll(reason);
            if (stopped > 0) log.info(`stopped ${stopped} running generation${stopped === 1 ? "" : "s"}: ${reason}`);
            // Let the stopped generation finish its cleanup before freeing its context.
            await loaded.chatQueue.run(async () => undefined);
            await loaded.completionQueue.run(async () => undefined);
            await loaded.dispose();
            log.info("model unloaded");
        }
    }

    /** The loaded model, for services with their own sequence on it (completions). */
    get loadedModel(): LoadedModel | null {
        return this.loaded;
    }

    private requireLoaded(): LoadedModel {
        if (this.loaded === null) throw new EngineError("not-loaded", "No model is loaded. Run \"gpt-oss: Load Model\".");
        return this.loaded;
    }

    async chatTurn(params: GenerationRequest, onChunk: ChatChunkSink, signal?: AbortSignal): Promise<ChatTurnResult> {
        const loaded = this.requireLoaded();
        const outcome = await this.generations.run(signal, (inner) => generate(loaded, params, onChunk, inner));
        this.recordSpeed(outcome);
        if (outcome.cutToolCall) log.warn(`a tool call was cut off at ${outcome.usage.generatedTokens} generated tokens (maxTokens) and dropped`);
        return { text: outcome.text, reasoning: outcome.reasoning, stopReason: outcome.stopReason, toolCalls: outcome.toolCalls, usage: outcome.usage };
    }

    async structured(params: StructuredParams, signal?: AbortSignal): Promise<StructuredResult> {
        const loaded = this.requireLoaded();
        const grammar = await this.grammarFor(loaded, params.jsonSchema);
        const outcome = await this.generations.run(signal, (inner) => generate(loaded, { ...params, grammar }, undefined, inner));
        this.recordSpeed(outcome);
        if (outcome.stopReason === "cancelled") throw new EngineError("cancelled", "The request was cancelled.");
        let value: unknown;
        try {
            value = JSON.parse(outcome.text);
        } catch {
            throw new EngineError("generation-failed", outcome.stopReason === "max-tokens"
                ? `The structured answer was cut off at ${outcome.usage.generatedTokens} tokens before it was complete.`
                : `The structured answer is not valid JSON: ${outcome.text.slice(0, 200)}`);
        }
        // node-llama-cpp's number grammar admits any exponent: 1e999 parses to Infinity, which
        // JSON-RPC would silently send as null. Refuse it rather than hand over wrong data.
        const unrepresentable = findNonFiniteNumber(value);
        if (unrepresentable !== null) {
            throw new EngineError("generation-failed", `The structured answer has a number too large to represent at ${unrepresentable}.`);
        }
        return { value, text: outcome.text, usage: outcome.usage };
    }

    private grammarFor(loaded: LoadedModel, jsonSchema: Record<string, unknown>): Promise<LlamaGrammar> {
        const key = JSON.stringify(jsonSchema);
        let grammar = this.grammars.get(key);
        if (grammar === undefined) {
            grammar = loaded.llama.createGrammarForJsonSchema(grammarSchema(jsonSchema) as never).then((g) => g as LlamaGrammar);
            grammar.catch(() => this.grammars.delete(key));
            this.grammars.set(key, grammar);
        }
        return grammar.catch((error) => {
            throw new EngineError("generation-failed", `The JSON schema cannot be enforced as a grammar: ${errorMessage(error)}`, { cause: error });
        });
    }

    private recordSpeed(outcome: GenerationOutcome): void {
        if (outcome.tokensPerSecond !== null) this.store.update({ tokensPerSecond: outcome.tokensPerSecond, draftAcceptance: outcome.draftAcceptance });
    }

    async dispose(): Promise<void> {
        await this.unload();
    }
}

/** The JSON path of the first number that is not finite, or null. */
function findNonFiniteNumber(value: unknown, path = "$"): string | null {
    if (typeof value === "number") return Number.isFinite(value) ? null : path;
    if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) {
            const found = findNonFiniteNumber(item, `${path}[${index}]`);
            if (found) return found;
        }
    } else if (value !== null && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
            const found = findNonFiniteNumber(item, `${path}.${key}`);
            if (found) return found;
        }
    }
    return null;
}
