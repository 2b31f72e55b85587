// Runs jobs on one context sequence one at a time: a sequence holds one KV state, so two
// generations on it at once would corrupt each other. Completion and chat have separate
// sequences, so they never wait on each other.
export class SerialQueue {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(job: () => Promise<T>): Promise<T> {
        const result = this.tail.then(job, job);
        this.tail = result.catch(() => undefined);
        return result;
    }
}
