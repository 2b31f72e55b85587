// The context inline completions run on, whichever model serves them.

/**
 * Completions get their own context (not just a sequence of the chat's): their KV cache is never
 * evicted by chat, they never wait behind a chat generation's batch, and the context can keep the
 * full cache of gpt-oss's sliding-window layers (swaFullCache), so a keystroke reuses the whole
 * prompt up to the change; measured in bench/completions.bench.ts. The environment variable is for
 * that measurement only.
 */
export const COMPLETION_CONTEXT_SIZE = 8192;
export function completionSwaFullCache(): boolean {
    return process.env.GPTOSS_COMPLETION_SWA_FULL_CACHE !== "false";
}
