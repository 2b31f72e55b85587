// Waiting for a state the code under test reports (a status, a counter, a file), polled because
// it sends no event. The cap only turns a state that never comes into a failure with a name; it
// is not a speed requirement, so it is generous.
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, { interval = 10, cap = 120_000 } = {}): Promise<T> {
    const deadline = Date.now() + cap;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`${what} never happened (gave up after ${cap / 1000} s)`);
        await new Promise((resolve) => setTimeout(resolve, interval)); // poll interval: the state has no event
    }
}
