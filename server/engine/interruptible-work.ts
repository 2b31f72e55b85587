// Generations running on a loaded model, so an unload, a reload or a switch to another model can
// stop them at once instead of waiting behind them (an agent turn may run thousands of tokens),
// and each caller learns why its work ended instead of receiving a cut-off answer as if complete.
import { EngineError } from "./engine-error.ts";

interface Running {
    readonly abort: AbortController;
    /** Set when the work was stopped from outside: the message its caller receives. */
    reason: string | null;
}

export class InterruptibleWork {
    private readonly running = new Set<Running>();

    /**
     * Runs `work` with a signal that aborts when `signal` does (the caller cancelled: handled by
     * `work` as usual) or when `interruptAll` is called (then this rejects with its reason).
     */
    async run<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
        const entry: Running = { abort: new AbortController(), reason: null };
        const forward = () => entry.abort.abort();
        if (signal?.aborted) entry.abort.abort();
        signal?.addEventListener("abort", forward, { once: true });
        this.running.add(entry);
        try {
            const result = await work(entry.abort.signal);
            if (entry.reason !== null) throw new EngineError("not-loaded", entry.reason);
            return result;
        } catch (error) {
            if (entry.reason !== null) throw new EngineError("not-loaded", entry.reason, { cause: error });
            throw error;
        } finally {
            this.running.delete(entry);
            signal?.removeEventListener("abort", forward);
        }
    }

    /** Stops everything running; each caller's promise rejects with `reason`. */
    interruptAll(reason: string): number {
        for (const entry of this.running) {
            entry.reason ??= reason;
            entry.abort.abort();
        }
        return this.running.size;
    }
}
