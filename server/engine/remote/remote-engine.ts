// The remote backend: gpt-oss served by an OpenAI-compatible endpoint (vLLM, SGLang, Ollama,
// LM Studio, llama-server, a cloud deployment). "Loading" connects: it lists the endpoint's
// models to prove the address and key work, checks the model is served, and measures the
// round trip. Requests then run concurrently (the endpoint batches them); each one's time to
// the first response byte is reported as the latency in the status.
import type { ChatTurnResult, EngineConfig, EngineStatus, RemoteEndpointConfig, StructuredParams, StructuredResult } from "../../../protocol/index.ts";
import type { ChatChunkSink, Engine } from "../engine.ts";
import { EngineError, toEngineError } from "../engine-error.ts";
import type { GenerationRequest } from "../generate.ts";
import { StatusStore } from "../status-store.ts";
import { log } from "../../log.ts";
import { chatRequestBody } from "./chat-request.ts";
import { streamChat, type StreamOutcome } from "./chat-stream.ts";
import { displayUrl } from "./endpoint-client.ts";
import { openEndpoint, type Endpoint } from "./endpoint.ts";
import { listModels, looksLikeOllama, type ModelListing } from "./model-listing.ts";
import { StructuredCaller } from "./structured-output.ts";

/** How inline completions reach the endpoint: the raw harmony prompt on /completions, or chat completions. */
export type CompletionPath = "raw" | "chat";

/**
 * What the completion service (server/completion/remote-completions.ts) needs from a connection.
 * The engine does not run completions itself, so that engine/ never imports completion/.
 */
export interface RemoteCompletionEndpoint {
    readonly endpoint: Endpoint;
    /** Chosen at connect time; the completion service may still fall back from raw to chat. */
    readonly path: CompletionPath;
    /** The harmony prompt's date, pinned for the connection so the endpoint's prefix cache holds. */
    readonly promptDate: Date;
    /** Aborted when this connection ends (unload, a new load, dispose): requests on it stop. */
    readonly closed: AbortSignal;
}

interface Connection {
    endpoint: Endpoint;
    structured: StructuredCaller;
    completions: RemoteCompletionEndpoint;
    close: AbortController;
}

export class RemoteEngine implements Engine {
    private readonly store = new StatusStore();
    private connection: Connection | null = null;
    private loadGeneration = 0;

    get status(): EngineStatus {
        return this.store.value;
    }

    onStatusChange(listener: (status: EngineStatus) => void): () => void {
        return this.store.subscribe(listener);
    }

    /** The connection inline completions go through, while connected. */
    get completions(): RemoteCompletionEndpoint | null {
        return this.connection?.completions ?? null;
    }

    async load(config: EngineConfig, signal?: AbortSignal): Promise<void> {
        const remote = config.remote;
        if (remote === undefined) throw new EngineError("internal", "The remote backend was asked to load a model file.");
        // A newer load wins over one still connecting.
        const generation = ++this.loadGeneration;
        this.disconnect();
        const where = displayUrl(remote.baseUrl);
        this.store.reset({ state: "loading", modelName: remote.model, modelPath: where, backend: "remote", progress: null });
        const endpoint = openEndpoint(remote);
        try {
            const listing = await listModels(endpoint, signal);
            if (generation !== this.loadGeneration) throw new EngineError("cancelled", "A newer load replaced this one.");
            const served = checkServed(listing, remote, where);
            const path = completionPath(remote, endpoint, listing);
            const close = new AbortController();
            this.connection = { endpoint, structured: new StructuredCaller(endpoint), completions: { endpoint, path: path.path, promptDate: startOfToday(), closed: close.signal }, close };
            this.store.update({
                state: "ready",
                contextSize: served?.contextSize ?? null,
                latencyMs: listing.latencyMs,
                notice: listing.models === null ? "The endpoint does not list its models, so the model name could not be checked." : null,
            });
            log.info(`connected to ${where}: model ${remote.model}, ${Math.round(listing.latencyMs)} ms round trip` +
                `${served?.contextSize ? `, context ${served.contextSize}` : ""}; inline completions via ${path.path === "raw" ? "/completions with the raw harmony prompt" : "chat completions"} (${path.why})`);
        } catch (error) {
            // A newer load owns the status now; this one only tells its caller.
            if (generation !== this.loadGeneration) throw toEngineError(error);
            const engineError = this.store.loadFailed(error);
            log.error(`connecting to ${where} failed: ${engineError.message}`);
            throw engineError;
        }
    }

    async unload(): Promise<void> {
        this.loadGeneration += 1;
        const wasConnected = this.connection !== null;
        this.disconnect();
        this.store.reset();
        if (wasConnected) log.info("disconnected from the remote endpoint");
    }

    private disconnect(): void {
        this.connection?.close.abort();
        this.connection = null;
    }

    private requireConnection(): Connection {
        if (this.connection === null) throw new EngineError("not-loaded", "Not connected to the remote endpoint. Run \"gpt-oss: Load Model\".");
        return this.connection;
    }

    async chatTurn(params: GenerationRequest, onChunk: ChatChunkSink, signal?: AbortSignal): Promise<ChatTurnResult> {
        const { endpoint } = this.requireConnection();
        const body = chatRequestBody({ ...params, model: endpoint.config.model });
        const outcome = await streamChat(endpoint, body, onChunk, signal);
        this.record(outcome);
        if (outcome.stopReason === "max-tokens" && outcome.toolCalls.length === 0 && outcome.text === "") {
            log.warn(`the endpoint stopped at the token limit (${outcome.usage.generatedTokens} tokens) before any answer`);
        }
        return { text: outcome.text, reasoning: outcome.reasoning, stopReason: outcome.stopReason, toolCalls: outcome.toolCalls, usage: outcome.usage };
    }

    async structured(params: StructuredParams, signal?: AbortSignal): Promise<StructuredResult> {
        const { structured } = this.requireConnection();
        const { outcome, ...result } = await structured.call(params, signal);
        this.record(outcome);
        return result;
    }

    private record(outcome: StreamOutcome): void {
        this.store.update({ latencyMs: outcome.latencyMs, ...(outcome.tokensPerSecond !== null ? { tokensPerSecond: outcome.tokensPerSecond } : {}) });
    }

    async dispose(): Promise<void> {
        await this.unload();
    }
}

function checkServed(listing: ModelListing, remote: RemoteEndpointConfig, where: string) {
    if (listing.models === null) {
        log.warn(`${where} has no /models listing; the model name "${remote.model}" is sent unchecked`);
        return null;
    }
    const served = listing.models.find((model) => model.id === remote.model);
    if (served) return served;
    const names = listing.models.map((model) => model.id);
    throw new EngineError("model-not-found", `The endpoint ${where} does not serve "${remote.model}"` +
        (names.length > 0 ? `; it serves ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""}.` : " (it lists no models).") +
        " Set gptOss.remote.model or run \"gpt-oss: Choose Model\".");
}

function completionPath(remote: RemoteEndpointConfig, endpoint: Endpoint, listing: ModelListing): { path: CompletionPath; why: string } {
    if (remote.completionMode !== "auto") return { path: remote.completionMode, why: `gptOss.remote.completions is "${remote.completionMode}"` };
    if (looksLikeOllama(endpoint, listing)) return { path: "chat", why: "Ollama applies its chat template to /completions, so raw prompts cannot go there" };
    return { path: "raw", why: "switches to chat if the endpoint refuses raw prompts" };
}

/** The harmony prompt's date, pinned for the session so the endpoint's prefix cache holds across requests. */
function startOfToday(): Date {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
