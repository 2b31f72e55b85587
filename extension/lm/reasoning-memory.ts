// VS Code's messages have no place for a model's reasoning, but gpt-oss needs the analysis it wrote
// before a tool call when it continues after the result (it was trained that way; dropping it is a
// known failure of other clients, openai/codex#2461). So the provider remembers each tool-calling
// turn's reasoning by call id and puts it back when the caller replays that call with its result.

const DEFAULT_CAPACITY = 256;

export class ReasoningMemory {
    private readonly byCallId = new Map<string, string>();

    constructor(private readonly capacity = DEFAULT_CAPACITY) {}

    /** Keeps `reasoning` for every call of the turn that wrote it. */
    remember(callIds: readonly string[], reasoning: string): void {
        if (reasoning === "") return;
        for (const id of callIds) {
            this.byCallId.delete(id);
            this.byCallId.set(id, reasoning);
        }
        // Oldest first in a Map's order: drop from the front until within bounds.
        while (this.byCallId.size > this.capacity) {
            const oldest = this.byCallId.keys().next().value as string;
            this.byCallId.delete(oldest);
        }
    }

    /** The reasoning behind the turn that made any of these calls, if this provider made them. */
    recall(callIds: readonly string[]): string | undefined {
        for (const id of callIds) {
            const reasoning = this.byCallId.get(id);
            if (reasoning !== undefined) return reasoning;
        }
        return undefined;
    }
}
