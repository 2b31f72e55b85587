// Ghost text before chat. Inline completions and chat/agent generations run on separate contexts
// of the same model but share the CPU cores; a user waits on ghost text at typing pace, while a
// chat answer can give up a few hundred milliseconds. So while a completion is being computed
// ("urgent"), a chat generation waits before its next decode and then carries on from where it
// was: it is never cancelled and its tokens are the same (it only runs later).
//
// A completion that hangs must not stop the chat for good: each urgent hold stops pausing anyone
// after `maxHoldMs` (see MAX_HOLD_MS), and a closed policy (the model is being unloaded) pauses
// nobody and lets every waiting decode go, so disposal never waits on a paused chat.

/**
 * How long one completion may keep the chat paused. The typing benchmark's suggestions take
 * ~0.3 s (p50) and ~0.4 s (p95) on a shared 2-core CPU, and the extension drops a suggestion as
 * soon as the next keystroke arrives (~0.1 s at typing pace): a completion still running after
 * 2 s is one the user has typed past, or one that hangs. Past that, holding the chat back buys
 * the user nothing, so the chat runs beside it again (as it did before this policy existed).
 */
export const MAX_HOLD_MS = 2000;

/**
 * GPTOSS_GENERATION_PRIORITY=off restores the behaviour from before this policy (no pauses, the
 * chat's thread count for completions). For bench:completions' comparison only; not a setting.
 */
export function generationPriorityEnabled(): boolean {
    return process.env.GPTOSS_GENERATION_PRIORITY !== "off";
}

export interface PriorityFigures {
    /** Background decodes that had to wait for an urgent generation (each counts once). */
    pauses: number;
    /** Urgent holds that outlived maxHoldMs and stopped pausing the chat. */
    expiredHolds: number;
    /** Urgent generations running now. */
    urgent: number;
}

interface Hold { timer: NodeJS.Timeout }

export class GenerationPriority {
    private readonly holds = new Set<Hold>();
    private waiters: Array<() => void> = [];
    private closed = false;
    private pauses = 0;
    private expiredHolds = 0;

    constructor(private readonly maxHoldMs = MAX_HOLD_MS) {
        if (!(maxHoldMs > 0)) throw new RangeError(`maxHoldMs must be positive, got ${maxHoldMs}`);
    }

    /** An urgent generation starts; call the returned function when it ends (calling it again is harmless). */
    hold(): () => void {
        if (this.closed) return () => undefined;
        const hold: Hold = { timer: setTimeout(() => this.end(hold, true), this.maxHoldMs) };
        // The bound is a safety net: it must not keep the process alive on its own.
        hold.timer.unref();
        this.holds.add(hold);
        return () => this.end(hold, false);
    }

    /**
     * Called before each background (chat) decode: null when it may go now, otherwise a promise
     * that settles when no urgent generation is left. Null rather than a resolved promise lets
     * the unpaused path (nearly every token) skip awaiting altogether.
     */
    whenFree(): Promise<void> | null {
        if (this.holds.size === 0) return null;
        this.pauses += 1;
        return new Promise((resolve) => this.waiters.push(resolve));
    }

    get figures(): PriorityFigures {
        return { pauses: this.pauses, expiredHolds: this.expiredHolds, urgent: this.holds.size };
    }

    /** The model is going away: nothing pauses any more, and paused decodes go on (to fail on the disposed context). */
    close(): void {
        this.closed = true;
        for (const hold of this.holds) clearTimeout(hold.timer);
        this.holds.clear();
        this.wake();
    }

    private end(hold: Hold, expired: boolean): void {
        if (!this.holds.delete(hold)) return;
        clearTimeout(hold.timer);
        if (expired) this.expiredHolds += 1;
        if (this.holds.size === 0) this.wake();
    }

    private wake(): void {
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters) resolve();
    }
}
