// The typed client of the language server. The extension runs it over vscode-languageclient,
// tests and benchmarks over a plain vscode-jsonrpc connection: the same code path either way.
// Every result and notification is parsed with its schema on arrival.
import { z } from "zod";
import { parseOrThrow, type NotificationDefinition, type ParamsOf, type RequestDefinition, type ResultOf } from "./define.ts";
import {
    ChatChunkNotification, ChatToolNotification, ChatTurnRequest, StructuredRequest,
    type ChatChunkSink, type ChatToolStep, type ChatTurnParams, type ChatTurnResult, type StructuredParams,
} from "./chat.ts";
import {
    DownloadProgressNotification, DownloadRequest, LoadRequest, ModelFileInfoRequest, StatusNotification, StatusRequest, UnloadRequest,
    type DownloadSource, type EngineConfig, type EngineStatus, type ModelFileInfo,
} from "./model.ts";

export interface Disposable { dispose(): void }

/** A cancellation token in the shape both vscode and vscode-jsonrpc accept. */
export interface CancellationTokenLike {
    readonly isCancellationRequested: boolean;
    onCancellationRequested(listener: () => void): Disposable;
}

/** What the client needs from a JSON-RPC connection (LanguageClient and MessageConnection both fit). */
export interface RpcTransport {
    sendRequest(method: string, params: unknown, token: CancellationTokenLike): Promise<unknown>;
    onNotification(method: string, handler: (params: unknown) => void): Disposable;
}

const NEVER_CANCELLED: CancellationTokenLike = Object.freeze({
    isCancellationRequested: false,
    onCancellationRequested: () => ({ dispose() {} }),
});

/**
 * The part of AbortSignal this client uses. protocol/ compiles without the DOM or Node globals
 * (it runs in both), so it names the shape both hosts' AbortSignal has instead of either's type.
 */
export interface AbortSignalLike {
    readonly aborted: boolean;
    addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * Turns an AbortSignal into a token the JSON-RPC layer understands, so aborting sends
 * $/cancelRequest. Always returns a token: vscode-jsonrpc treats a trailing `undefined` as one
 * more positional parameter, which would reach the server as `[params, null]`.
 */
export function tokenFromSignal(signal: AbortSignalLike | undefined): CancellationTokenLike {
    if (signal === undefined) return NEVER_CANCELLED;
    return {
        get isCancellationRequested() { return signal.aborted; },
        onCancellationRequested(listener) {
            if (signal.aborted) {
                void Promise.resolve().then(listener);
                return { dispose() {} };
            }
            signal.addEventListener("abort", listener, { once: true });
            return { dispose: () => signal.removeEventListener("abort", listener) };
        },
    };
}

export class RequestCancelledError extends Error {
    /** `byServer`: the server dropped the request because newer work replaced it; this side did not ask. */
    constructor(method: string, readonly byServer = false) {
        super(`${method} was cancelled`);
        this.name = "RequestCancelledError";
    }
}

/** JSON-RPC's RequestCancelled code (LSP), which the server answers a cancelled request with. */
const REQUEST_CANCELLED = -32800;

function isCancelledResponse(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === REQUEST_CANCELLED;
}

let nextStreamNumber = 0;
function newStreamId(prefix: string): string {
    nextStreamNumber += 1;
    return `${prefix}-${Math.random().toString(36).slice(2, 10)}-${nextStreamNumber}`;
}

export class GptOssClient {
    constructor(private readonly transport: RpcTransport) {}

    async request<D extends RequestDefinition<z.ZodType, z.ZodType>>(definition: D, params: ParamsOf<D>, signal?: AbortSignalLike): Promise<ResultOf<D>> {
        const checkedParams = parseOrThrow(definition.params, params, definition.method, "params");
        if (signal?.aborted) throw new RequestCancelledError(definition.method);
        let raw: unknown;
        try {
            raw = await this.transport.sendRequest(definition.method, checkedParams, tokenFromSignal(signal));
        } catch (error) {
            // Cancelled here, or by the server because newer work replaced it (a newer load
            // supersedes an older one): either way nothing failed, and nobody should see an error.
            if (signal?.aborted) throw new RequestCancelledError(definition.method);
            if (isCancelledResponse(error)) throw new RequestCancelledError(definition.method, true);
            throw error;
        }
        return parseOrThrow(definition.result, raw, definition.method, "result") as ResultOf<D>;
    }

    onNotification<D extends NotificationDefinition<z.ZodType>>(definition: D, handler: (params: ParamsOf<D>) => void): Disposable {
        return this.transport.onNotification(definition.method, (raw) => {
            handler(parseOrThrow(definition.params, raw, definition.method, "params") as ParamsOf<D>);
        });
    }

    status(): Promise<EngineStatus> { return this.request(StatusRequest, {}); }
    load(config: EngineConfig, signal?: AbortSignalLike): Promise<EngineStatus> { return this.request(LoadRequest, config, signal); }
    unload(): Promise<EngineStatus> { return this.request(UnloadRequest, {}); }
    onStatus(handler: (status: EngineStatus) => void): Disposable { return this.onNotification(StatusNotification, handler); }
    modelFileInfo(source: DownloadSource): Promise<ModelFileInfo> { return this.request(ModelFileInfoRequest, source); }

    async download(
        source: DownloadSource,
        onProgress: (progress: ParamsOf<typeof DownloadProgressNotification>) => void,
        signal?: AbortSignalLike,
        options: { stallSeconds?: number } = {},
    ): Promise<string> {
        const progressToken = newStreamId("download");
        const subscription = this.onNotification(DownloadProgressNotification, (progress) => {
            if (progress.progressToken === progressToken) onProgress(progress);
        });
        try {
            const { path } = await this.request(DownloadRequest, { ...source, progressToken, stallSeconds: options.stallSeconds ?? 60 }, signal);
            return path;
        } finally {
            subscription.dispose();
        }
    }

    /** Runs one chat turn; reasoning and answer text arrive through `onChunk` as they are generated. */
    async chatTurn(
        params: Omit<ChatTurnParams, "streamId">,
        onChunk: ChatChunkSink,
        signal?: AbortSignalLike,
        onTool?: (step: ChatToolStep) => void,
    ): Promise<ChatTurnResult> {
        const streamId = newStreamId("chat");
        const subscription = this.onNotification(ChatChunkNotification, (chunk) => {
            if (chunk.streamId === streamId) onChunk(chunk.channel, chunk.text);
        });
        const tools = onTool === undefined ? null : this.onNotification(ChatToolNotification, ({ streamId: id, ...step }) => {
            if (id === streamId) onTool(step);
        });
        try {
            return await this.request(ChatTurnRequest, { ...params, streamId }, signal);
        } finally {
            subscription.dispose();
            tools?.dispose();
        }
    }

    /**
     * Generates data that fits `schema`: the server enforces the schema's JSON-schema form as a
     * grammar, and the result is parsed here with the same zod schema.
     */
    async structured<S extends z.ZodType>(
        schema: S,
        params: Omit<StructuredParams, "jsonSchema">,
        signal?: AbortSignalLike,
    ): Promise<{ value: z.infer<S>; text: string; usage: ResultOf<typeof StructuredRequest>["usage"] }> {
        const jsonSchema = z.toJSONSchema(schema, { target: "draft-7", io: "output" }) as Record<string, unknown>;
        const result = await this.request(StructuredRequest, { ...params, jsonSchema }, signal);
        const value = parseOrThrow(schema, result.value, StructuredRequest.method, "result");
        return { value, text: result.text, usage: result.usage };
    }
}
