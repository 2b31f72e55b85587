// The engine interface: what the request handlers need from a model, whatever runs it. The
// embedded node-llama-cpp backend implements it; a remote OpenAI-compatible backend can too.
import type {
    ChatChunkSink, ChatTurnParams, ChatTurnResult, EngineConfig, EngineStatus, StructuredParams, StructuredResult,
} from "../../protocol/index.ts";

export type { ChatChunkSink };

export interface Engine {
    /** The current status; `onStatusChange` reports every change. */
    readonly status: EngineStatus;
    onStatusChange(listener: (status: EngineStatus) => void): () => void;
    /** Loads (or reloads with new settings) the model; throws EngineError with a clear message. */
    load(config: EngineConfig, signal?: AbortSignal): Promise<void>;
    unload(): Promise<void>;
    chatTurn(params: Omit<ChatTurnParams, "streamId">, onChunk: ChatChunkSink, signal?: AbortSignal): Promise<ChatTurnResult>;
    structured(params: StructuredParams, signal?: AbortSignal): Promise<StructuredResult>;
    dispose(): Promise<void>;
}
