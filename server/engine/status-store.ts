// Holds the engine's status and tells listeners about each change, so the status bar follows
// the server rather than guessing.
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { toEngineError, type EngineError } from "./engine-error.ts";

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

    /**
     * A load failed with `error`: a cancelled one leaves the engine not loaded, any other shows
     * the error. Returns the error as the EngineError the caller rethrows.
     */
    loadFailed(error: unknown): EngineError {
        const engineError = toEngineError(error);
        if (engineError.code === "cancelled") this.reset();
        else this.update({ state: "error", progress: null, error: { code: engineError.code, message: engineError.message } });
        return engineError;
    }

    subscribe(listener: (status: EngineStatus) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
