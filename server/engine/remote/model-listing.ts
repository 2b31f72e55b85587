// GET /models: proves the endpoint answers (and the key works) before the user's first request,
// measures the round trip shown in the status bar, and tells which models it serves. vLLM adds
// `max_model_len` (the context window); llama-server puts the context one request can use (its
// slot's) in `meta.n_ctx`, read only when it has that shape; Ollama marks its library models `owned_by: "library"`.
import { z } from "zod";
import type { RemoteEndpointConfig, RemoteModel } from "../../../protocol/index.ts";
import { EngineError } from "../engine-error.ts";
import { openEndpoint, type Endpoint } from "./endpoint.ts";
import { httpStatusOf, toEngineError } from "./remote-errors.ts";
import { withRetry } from "./retry.ts";

const ModelEntry = z.looseObject({
    id: z.string(),
    owned_by: z.string().nullish(),
    max_model_len: z.number().int().positive().nullish(),
    meta: z.looseObject({ n_ctx: z.number().int().positive().nullish() }).nullish().catch(null),
});

export interface ModelListing {
    /** null when the endpoint has no /models (some cloud deployments): nothing can be checked. */
    models: Array<RemoteModel & { ownedBy: string | null }> | null;
    latencyMs: number;
}

export async function listModels(endpoint: Endpoint, signal?: AbortSignal): Promise<ModelListing> {
    const started = performance.now();
    try {
        const page = await withRetry(`listing models on ${endpoint.failure.endpoint}`,
            () => endpoint.client.models.list({ signal }), () => true, signal);
        const latencyMs = performance.now() - started;
        const entries = z.array(ModelEntry).safeParse(page.data);
        if (!entries.success) throw new EngineError("remote-error", `The endpoint ${endpoint.failure.endpoint} answered /models with a list this extension cannot read.`);
        return {
            models: entries.data.map((entry) => ({ id: entry.id, contextSize: entry.max_model_len ?? entry.meta?.n_ctx ?? null, ownedBy: entry.owned_by ?? null })),
            latencyMs,
        };
    } catch (error) {
        if (signal?.aborted) throw new EngineError("cancelled", "The request was cancelled.");
        const engineError = toEngineError(error, endpoint.failure);
        if (httpStatusOf(engineError) === 404) return { models: null, latencyMs: performance.now() - started };
        throw engineError;
    }
}

/** Ollama's /v1/completions applies the chat template to the prompt, so raw harmony cannot go there. */
export function looksLikeOllama(endpoint: Endpoint, listing: ModelListing): boolean {
    const port = new URL(endpoint.failure.endpoint).port;
    return port === "11434" || (listing.models ?? []).some((model) => model.ownedBy === "library" || model.ownedBy === "ollama");
}

/** For "Choose Model": the models an endpoint serves, without connecting the engine to it. */
export async function listRemoteModels(config: RemoteEndpointConfig, signal?: AbortSignal): Promise<{ models: RemoteModel[]; latencyMs: number }> {
    const listing = await listModels(openEndpoint(config), signal);
    return { models: (listing.models ?? []).map(({ id, contextSize }) => ({ id, contextSize })), latencyMs: listing.latencyMs };
}
