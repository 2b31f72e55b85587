// Holds the engine's status and tells listeners about each change, so the status bar follows
// the server rather than guessing.
import type { EngineStatus } from "../../protocol/index.ts";

export const initialStatus: EngineStatus = {
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
};

export class StatusStore {
    private current: EngineStatus = initialStatus;
    private readonly listeners = new Set<(status: EngineStatus) => void>();

    get value(): EngineStatus {
        return this.current;
    }

    update(change: Partial<EngineStatus>): void {
        this.current = { ...this.current, ...change };
        for (const listener of this.listeners) listener(this.current);
    }

    reset(change: Partial<EngineStatus> = {}): void {
        this.current = initialStatus;
        this.update(change);
    }

    subscribe(listener: (status: EngineStatus) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
