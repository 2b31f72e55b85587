// Chooses the backend per load: a config naming a remote endpoint goes to the remote engine,
// anything else to the embedded one. Only one backend is active at a time; switching unloads
// the other, so a 12 GB model does not stay in memory while the endpoint answers. Status
// changes are passed on only from the active backend.
import type { ChatTurnResult, EngineConfig, EngineStatus, StructuredParams, StructuredResult } from "../../protocol/index.ts";
import type { ChatChunkSink, Engine } from "./engine.ts";
import type { EmbeddedEngine } from "./embedded-engine.ts";
import type { LoadedModel } from "./loaded-model.ts";
import type { RemoteCompletionEndpoint, RemoteEngine } from "./remote/remote-engine.ts";

export class EngineRouter implements Engine {
    private active: Engine;
    private readonly listeners = new Set<(status: EngineStatus) => void>();

    constructor(private readonly embedded: EmbeddedEngine, private readonly remote: RemoteEngine) {
        this.active = embedded;
        for (const engine of [embedded, remote]) {
            engine.onStatusChange((status) => {
                if (engine !== this.active) return;
                for (const listener of this.listeners) listener(status);
            });
        }
    }

    get status(): EngineStatus {
        return this.active.status;
    }

    onStatusChange(listener: (status: EngineStatus) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    async load(config: EngineConfig, signal?: AbortSignal): Promise<void> {
        const target: Engine = config.remote ? this.remote : this.embedded;
        if (target !== this.active) {
            const previous = this.active;
            this.active = target;
            await previous.unload();
        }
        await target.load(config, signal);
    }

    unload(): Promise<void> {
        return this.active.unload();
    }

    chatTurn(params: Parameters<Engine["chatTurn"]>[0], onChunk: ChatChunkSink, signal?: AbortSignal): Promise<ChatTurnResult> {
        return this.active.chatTurn(params, onChunk, signal);
    }

    structured(params: StructuredParams, signal?: AbortSignal): Promise<StructuredResult> {
        return this.active.structured(params, signal);
    }

    /** The embedded model, for the completion service's own sequence; null while remote is active. */
    get loadedModel(): LoadedModel | null {
        return this.active === this.embedded ? this.embedded.loadedModel : null;
    }

    /** The endpoint for remote inline completions, while the remote backend is active and connected. */
    get remoteCompletions(): RemoteCompletionEndpoint | null {
        return this.active === this.remote ? this.remote.completions : null;
    }

    async dispose(): Promise<void> {
        await Promise.all([this.embedded.dispose(), this.remote.dispose()]);
    }
}
