// Waiting on the file system and processes, where there is no event to await.
import { existsSync, readFileSync } from "node:fs";

/** Polls `probe` until it returns a value other than undefined, or throws `what` on timeout. */
export async function waitUntil<T>(probe: () => T | undefined, what: string, { timeout = 30_000, interval = 100 } = {}): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, interval));
    }
}

/** The contents of `path` once it exists (writers rename complete files into place). */
export function waitForFile(path: string, options?: { timeout?: number }): Promise<string> {
    return waitUntil(() => (existsSync(path) ? readFileSync(path, "utf8") : undefined), path, options);
}
