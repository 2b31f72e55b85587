// Messages about the model's life: which model, where it runs, loading, downloading, status.
import { z } from "zod";
import { defineNotification, defineRequest } from "./define.ts";
import { RemoteEndpointConfig } from "./remote.ts";

export const GpuSetting = z.enum(["auto", "cuda", "vulkan", "metal", "cpu"]);
export type GpuSetting = z.infer<typeof GpuSetting>;

export const ReasoningEffort = z.enum(["low", "medium", "high"]);
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

/**
 * Lookup (prompt n-gram) speculation on one kind of generation: drafts copied from earlier in the
 * context are checked in one batch; the output is the same with it on or off.
 */
export const LookupSpeculationConfig = z.object({
    enabled: z.boolean(),
    /** Most tokens drafted at once (speculation shortens its drafts when they fail). */
    draftLength: z.number().int().min(1).max(128),
    /** How many of the last tokens must match earlier context before anything is drafted. */
    minMatch: z.number().int().min(1).max(16),
});
export type LookupSpeculationConfig = z.infer<typeof LookupSpeculationConfig>;

export const SpeculationConfig = z.object({
    /** Chat answers, edit plans and other structured calls (the chat sequence). */
    chat: LookupSpeculationConfig,
    /** Inline completions on gpt-oss (the completion sequence). */
    completions: LookupSpeculationConfig,
    /**
     * A small GGUF with gpt-oss's vocabulary whose guesses draft chat tokens instead of the lookup
     * (chat.enabled and chat.draftLength apply); absent: off. Embedded backend only.
     */
    draftModelPath: z.string().min(1).optional(),
});
export type SpeculationConfig = z.infer<typeof SpeculationConfig>;

/** What the engine needs to load a model; the extension builds it from the settings. */
export const EngineConfig = z.object({
    /** Absolute path of the GGUF file to load (the extension resolves downloads before loading). */
    modelPath: z.string().min(1),
    gpu: GpuSetting,
    contextSize: z.number().int().min(256).max(131072),
    /** 0 lets the server choose for the machine. */
    threads: z.number().int().min(0).max(256),
    /**
     * A second GGUF with fill-in-the-middle tokens (a code model such as Qwen2.5-Coder) that
     * inline completions use instead of gpt-oss; embedded backend only.
     */
    completionModelPath: z.string().min(1).optional(),
    /** Speculative decoding; absent: the server's defaults (lookup on for chat and completions). */
    speculation: SpeculationConfig.optional(),
    /**
     * Present: use this OpenAI-compatible endpoint instead of a GGUF (modelPath then holds the
     * endpoint's URL, for display; gpu, contextSize and threads do not apply).
     */
    remote: RemoteEndpointConfig.optional(),
});
export type EngineConfig = z.infer<typeof EngineConfig>;

export const ModelState = z.enum(["not-loaded", "downloading", "loading", "ready", "error"]);
export type ModelState = z.infer<typeof ModelState>;

export const ComputeBackend = z.enum(["cuda", "vulkan", "metal", "cpu", "remote"]);
export type ComputeBackend = z.infer<typeof ComputeBackend>;

export const ErrorCode = z.enum([
    "model-not-found", "model-invalid", "out-of-memory", "gpu-unavailable", "download-failed",
    "download-cancelled", "not-loaded", "cancelled", "generation-failed", "internal",
    // The remote backend: the endpoint refused the key (401/403), is rate limiting (429), cannot
    // be reached, took too long, or failed on its side (5xx, a broken stream).
    "unauthorized", "rate-limited", "unreachable", "timeout", "remote-error",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const EngineStatus = z.object({
    state: ModelState,
    /** Model name from the GGUF metadata, or the file name. */
    modelName: z.string().nullable(),
    modelPath: z.string().nullable(),
    backend: ComputeBackend.nullable(),
    /** GPU device names when a GPU backend is active. */
    gpuNames: z.array(z.string()),
    contextSize: z.number().int().nullable(),
    gpuLayers: z.number().int().nullable(),
    threads: z.number().int().nullable(),
    /** 0..1 while downloading or loading. */
    progress: z.number().min(0).max(1).nullable(),
    /** Decode speed of the last generation. */
    tokensPerSecond: z.number().nullable(),
    /**
     * Share of the last chat generation's drafted tokens the model confirmed (0..1); null when
     * nothing was drafted (speculation off, or no draft found). Absent: never reported.
     */
    draftAcceptance: z.number().min(0).max(1).nullable().optional(),
    /** Plain-language note for the user, e.g. why loading fell back to the CPU. */
    notice: z.string().nullable(),
    error: z.object({ code: ErrorCode, message: z.string() }).nullable(),
    /** Remote backend: how long the endpoint took to start answering the last request. */
    latencyMs: z.number().nonnegative().nullable().optional(),
    /** The fill-in-the-middle model inline completions use, when one is loaded beside gpt-oss. */
    completionModelName: z.string().nullable().optional(),
    /**
     * How the model was placed and what decided it, e.g. "20 of 25 layers on GPU, 16k context:
     * GPU has 12 GB"; absent or null when node-llama-cpp chose on its own.
     */
    loadPlan: z.string().nullable().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

/** server → client: sent on every state change and after each generation. */
export const StatusNotification = defineNotification("gptoss/model/statusChanged", EngineStatus);
export const StatusRequest = defineRequest("gptoss/model/status", z.object({}), EngineStatus);
export const LoadRequest = defineRequest("gptoss/model/load", EngineConfig, EngineStatus);
export const UnloadRequest = defineRequest("gptoss/model/unload", z.object({}), EngineStatus);

/**
 * How the server reaches the network: VS Code's proxy settings, passed along because the server
 * process does not read them itself. An empty proxy falls back to HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY from the environment.
 */
export const NetworkSettings = z.object({
    /** `http.proxy`: e.g. http://proxy.example:3128 (user:password@ allowed); empty for none. */
    proxy: z.string(),
    /** `http.noProxy`: hosts (or .domains) reached directly. */
    noProxy: z.array(z.string()),
    /** `http.proxyStrictSSL`: false accepts a proxy's self-signed certificates. */
    strictSSL: z.boolean(),
});
export type NetworkSettings = z.infer<typeof NetworkSettings>;

export const DownloadSource = z.object({
    /** `hf:<user>/<repo>/<file>` or an https URL. */
    uri: z.string().min(1),
    /** Base URL replacing huggingface.co (a mirror); empty for the official hub. */
    huggingFaceEndpoint: z.string(),
    /** Folder the model is stored in (the extension's global storage). */
    directory: z.string().min(1),
    /** Absent: the environment's proxy variables only. */
    network: NetworkSettings.optional(),
});
export type DownloadSource = z.infer<typeof DownloadSource>;

export const ModelFileInfo = z.object({
    /** Where the file is (or will be) on disk. */
    path: z.string(),
    downloaded: z.boolean(),
    totalBytes: z.number().nonnegative(),
});
export type ModelFileInfo = z.infer<typeof ModelFileInfo>;

/** Asks whether a download source is already on disk, and how big it is (for the confirmation). */
export const ModelFileInfoRequest = defineRequest("gptoss/model/fileInfo", DownloadSource, ModelFileInfo);

/** Downloads (or resumes) a model file; cancellable; progress arrives as notifications. */
export const DownloadRequest = defineRequest("gptoss/model/download", DownloadSource.extend({
    progressToken: z.string(),
    /** Seconds without any new byte before the download counts as stalled and stops (resumable). */
    stallSeconds: z.number().positive().max(3600).default(60),
}), z.object({ path: z.string() }));

export const DownloadProgressNotification = defineNotification("gptoss/model/downloadProgress", z.object({
    progressToken: z.string(),
    downloadedBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
    secondsLeft: z.number().nonnegative().nullable(),
}));

/** The status before anything is loaded (also what a freshly started server reports). */
export const NOT_LOADED_STATUS: EngineStatus = Object.freeze({
    state: "not-loaded",
    modelName: null,
    modelPath: null,
    backend: null,
    gpuNames: [],
    contextSize: null,
    gpuLayers: null,
    threads: null,
    progress: null,
    tokensPerSecond: null,
    notice: null,
    error: null,
});

/**
 * Whether this machine can hold gpt-oss-20b well: the chat's welcome shows `note` (one line)
 * when it cannot, before the user downloads 12 GB.
 */
export const MachineFitRequest = defineRequest("gptoss/model/machineFit", z.object({
    /** The context size the model would be loaded with (gptOss.contextSize). */
    contextSize: z.number().int().min(256).max(131072),
}), z.object({
    /** null: it fits on the GPU (or in memory with no GPU to expect). */
    note: z.string().nullable(),
    /** Bytes the 20b model needs with that context: weights plus KV cache plus working buffers. */
    neededBytes: z.number().nonnegative(),
    ramBytes: z.number().nonnegative(),
    /** 0 without a GPU backend. */
    vramBytes: z.number().nonnegative(),
    backend: ComputeBackend,
}));
