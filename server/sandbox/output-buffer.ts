// Keeps a bounded amount of a stream: the first three quarters of the budget and the last
// quarter, with a "[truncated: N bytes]" marker between them. The pipe is always drained, so a
// program that floods its output is not blocked (and so not kept alive) by a full pipe, and the
// server's memory stays bounded however much it writes. The tail is kept because the end of a
// test run (its summary, the failing assertion) is usually what matters.
import { compactRepeats } from "./compact-repeats.ts";
export class HeadTailBuffer {
    private readonly headLimit: number;
    private readonly tailLimit: number;
    private readonly head: Buffer[] = [];
    private headBytes = 0;
    private tail: Buffer[] = [];
    private tailBytes = 0;
    private total = 0;

    constructor(readonly limitBytes: number) {
        this.headLimit = Math.floor(limitBytes * 0.75);
        this.tailLimit = limitBytes - this.headLimit;
    }

    get totalBytes(): number { return this.total; }
    get truncated(): boolean { return this.total > this.headBytes + this.tailBytes; }

    push(chunk: Buffer): void {
        this.total += chunk.length;
        if (this.headBytes < this.headLimit) {
            const take = Math.min(chunk.length, this.headLimit - this.headBytes);
            this.head.push(chunk.subarray(0, take));
            this.headBytes += take;
            chunk = chunk.subarray(take);
            if (chunk.length === 0) return;
        }
        this.tail.push(chunk);
        this.tailBytes += chunk.length;
        // Drop whole chunks from the front while the rest still covers the tail budget, then trim.
        while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= this.tailLimit) {
            this.tailBytes -= this.tail.shift()!.length;
        }
        if (this.tailBytes > this.tailLimit) {
            const excess = this.tailBytes - this.tailLimit;
            this.tail[0] = this.tail[0]!.subarray(excess);
            this.tailBytes -= excess;
        }
    }

    /** The kept text; invalid UTF-8 where a multi-byte character was cut becomes U+FFFD. */
    text(): string {
        const head = Buffer.concat(this.head).toString("utf8");
        if (!this.truncated) return head + Buffer.concat(this.tail).toString("utf8");
        const dropped = this.total - this.headBytes - this.tailBytes;
        // A flood: its repeated lines and characters are counted rather than shown (compact-repeats.ts).
        return `${compactRepeats(head)}\n[truncated: ${dropped} bytes of output omitted]\n${compactRepeats(Buffer.concat(this.tail).toString("utf8"))}`;
    }
}
