// A Map that forgets its oldest entries past a size: for per-request memories that must not grow
// for the life of the server.
export class BoundedMap<K, V> {
    private readonly entries = new Map<K, V>();

    constructor(private readonly capacity: number) {}

    get(key: K): V | undefined {
        return this.entries.get(key);
    }

    set(key: K, value: V): void {
        this.entries.delete(key);
        this.entries.set(key, value);
        while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    }
}
