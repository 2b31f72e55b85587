// Splits a byte stream at occurrences of an end marker, also when a marker arrives cut across
// chunks. The python session uses it to tell one cell's output from the next one's.
export class MarkerScanner {
    private pending: Buffer = Buffer.alloc(0);

    constructor(private readonly marker: Buffer) {}

    /**
     * Feeds a chunk; calls `onData` with bytes known not to be part of a marker and `onMarker`
     * each time a whole marker has passed. Up to marker.length-1 bytes are held back until the
     * next chunk shows whether they start a marker.
     */
    push(chunk: Buffer, onData: (bytes: Buffer) => void, onMarker: () => void): void {
        let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
        for (;;) {
            const at = buffer.indexOf(this.marker);
            if (at === -1) break;
            if (at > 0) onData(buffer.subarray(0, at));
            onMarker();
            buffer = buffer.subarray(at + this.marker.length);
        }
        const keep = this.partialMarkerSuffix(buffer);
        if (buffer.length > keep) onData(buffer.subarray(0, buffer.length - keep));
        this.pending = Buffer.from(buffer.subarray(buffer.length - keep));
    }

    /** At end of stream: whatever was held back was not a marker after all. */
    end(onData: (bytes: Buffer) => void): void {
        if (this.pending.length > 0) onData(this.pending);
        this.pending = Buffer.alloc(0);
    }

    /** Length of the longest end of `buffer` that is a beginning of the marker. */
    private partialMarkerSuffix(buffer: Buffer): number {
        const max = Math.min(buffer.length, this.marker.length - 1);
        for (let length = max; length > 0; length--) {
            if (buffer.subarray(buffer.length - length).equals(this.marker.subarray(0, length))) return length;
        }
        return 0;
    }
}
