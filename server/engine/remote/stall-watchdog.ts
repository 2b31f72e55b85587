// Aborts a stream that goes quiet: the openai client's timeout covers only the wait for the
// response headers, and a server can stall after them (a wedged GPU worker, a dropped proxy).
import { StreamStalledError } from "./remote-errors.ts";

export class StallWatchdog {
    private timer: NodeJS.Timeout | null = null;
    stalled = false;

    constructor(private readonly seconds: number, private readonly abort: AbortController) {}

    /** (Re)starts the countdown; call on every chunk. */
    kick(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.stalled = true;
            this.abort.abort(new StreamStalledError(this.seconds));
        }, this.seconds * 1000);
    }

    stop(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
    }
}
