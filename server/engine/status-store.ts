// Holds the engine's status and tells listeners about each change, so the status bar follows
// the server rather than guessing.
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";


export class StatusStore {
    private current: EngineStatus = NOT_LOADED_STATUS;
    private readonly listeners = new Set<(status: EngineStatus) => void>();

    get value(): EngineStatus {
        return this.current;
    }

    update(change: Partial<EngineStatus>): void {
        this.current = { ...this.current, ...change };
        for (const listener of this.listeners) listener(this.current);
    }

    reset(change: Partial<EngineStatus> = {}): void {
        this.current = NOT_LOADED_STATUS;
        this.update(change);
    }

    subscribe(listener: (status: EngineStatus) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
