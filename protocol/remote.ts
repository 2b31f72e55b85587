// Messages and settings for the remote backend: an OpenAI-compatible endpoint (vLLM, SGLang,
// Ollama, LM Studio, llama-server, a cloud deployment) serving gpt-oss instead of the model
// running inside the editor.
import { z } from "zod";
import { defineRequest } from "./define.ts";

/** How inline completions reach the endpoint. */
export const RemoteCompletionMode = z.enum([
    /** Raw harmony prompt on /v1/completions where the endpoint takes one, else chat. */
    "auto",
    /** Always /v1/completions with the raw harmony prompt prefilled on the final channel. */
    "raw",
    /** Always /v1/chat/completions with the instructions as a system message (spends reasoning tokens). */
    "chat",
]);
export type RemoteCompletionMode = z.infer<typeof RemoteCompletionMode>;

/**
 * Where and how to reach the endpoint. The extension builds it from the settings and the API key
 * kept in VS Code's SecretStorage; the server keeps it in memory only and never logs the key.
 */
export const RemoteEndpointConfig = z.object({
    /** Base URL, e.g. http://gpu-box:8000/v1 (a URL without a path gets /v1). */
    baseUrl: z.string().regex(/^https?:\/\/[^\s/]+/i, "an http:// or https:// URL"),
    /** The model name the endpoint serves gpt-oss under (openai/gpt-oss-120b, gpt-oss:20b, …). */
    model: z.string().min(1),
    /** Sent as a bearer token; empty sends no Authorization header. */
    apiKey: z.string(),
    /** Longest wait for the endpoint to start answering, and longest silence inside a stream. */
    timeoutSeconds: z.number().positive().max(3600),
    /** Extra headers on every request (a gateway's routing or tenant headers). */
    headers: z.record(z.string(), z.string()),
    completionMode: RemoteCompletionMode,
});
export type RemoteEndpointConfig = z.infer<typeof RemoteEndpointConfig>;

export const RemoteModel = z.object({
    id: z.string(),
    /** The context window the endpoint reports (vLLM's max_model_len), when it reports one. */
    contextSize: z.number().int().positive().nullable(),
});
export type RemoteModel = z.infer<typeof RemoteModel>;

/** Lists the models an endpoint serves (for "Choose Model"); fails with the endpoint's error. */
export const RemoteModelsRequest = defineRequest("gptoss/remote/models", RemoteEndpointConfig, z.object({
    models: z.array(RemoteModel),
    /** Round trip of the listing request. */
    latencyMs: z.number().nonnegative(),
}));
