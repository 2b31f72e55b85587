// Test doubles for the chat session: a ChatHost that records what it was asked to do, a client
// that plays a scripted turn, and a Map-backed Memento.
import type { ChatChunkSink, ChatToolStep, ChatWorkspace, ChatTurnParams, ChatTurnResult } from "../../protocol/index.ts";
import type { ToWebview } from "../../protocol/webview.ts";
import type { ChatClient, ChatHost, ContextItem } from "../../extension/chat/chat-host.ts";
import type { MementoLike } from "../../extension/chat/conversation-store.ts";

export class MapMemento implements MementoLike {
    readonly values = new Map<string, unknown>();
    get<T>(key: string): T | undefined { return this.values.get(key) as T | undefined; }
    update(key: string, value: unknown): Promise<void> {
        this.values.set(key, JSON.parse(JSON.stringify(value)));
        return Promise.resolve();
    }
}

/** A streamed chunk, or a workspace lookup the server reports (its summary, whether it failed). */
export type Step = ["analysis" | "final", string] | ["lookup", string, boolean];

/** Streams `steps` for every turn; records the params of each request. */
export class ScriptedClient implements ChatClient {
    readonly requests: Array<Omit<ChatTurnParams, "streamId">> = [];
    /** Resolves a pending turn's gate; a turn waits on it after its first chunk when set. */
    hold: Promise<void> | null = null;

    constructor(private readonly steps: Step[]) {}

    async chatTurn(
        params: Omit<ChatTurnParams, "streamId">,
        onChunk: ChatChunkSink,
        signal?: AbortSignal,
        onTool?: (step: ChatToolStep) => void,
    ): Promise<ChatTurnResult> {
        this.requests.push(structuredClone(params));
        let text = "";
        let reasoning = "";
        for (const [index, step] of this.steps.entries()) {
            if (signal?.aborted) throw Object.assign(new Error("cancelled"), { name: "RequestCancelledError" });
            if (step[0] === "lookup") {
                onTool?.({ name: "read_file", summary: step[1], isError: step[2] });
                continue;
            }
            const [channel, chunk] = step;
            onChunk(channel, chunk);
            if (channel === "final") text += chunk; else reasoning += chunk;
            if (index === 0 && this.hold) {
                await Promise.race([this.hold, new Promise((resolve) => signal?.addEventListener("abort", resolve, { once: true }))]);
            }
        }
        if (signal?.aborted) throw Object.assign(new Error("cancelled"), { name: "RequestCancelledError" });
        return { text, reasoning, stopReason: "end", toolCalls: [], usage: { promptTokens: 10, evaluatedTokens: 10, generatedTokens: 5, durationMs: 1 } };
    }
}

export class FakeHost implements ChatHost {
    readonly calls: string[] = [];
    readonly errors: string[] = [];
    context: Partial<Record<"selection" | "file" | "problems", ContextItem>> = {};
    size = 2048;
    pick: string | undefined;
    /** The workspace the model may read (undefined: no folder, or untrusted). */
    folder: ChatWorkspace | undefined;

    constructor(readonly client: ChatClient) {}

    readyClient(): Promise<ChatClient> { return Promise.resolve(this.client); }
    contextSize(): number { return this.size; }
    workspace(): ChatWorkspace | undefined { return this.folder; }
    defaultEffort(): "medium" { return "medium"; }
    readContext(kind: "selection" | "file" | "problems"): Promise<ContextItem | undefined> { return Promise.resolve(this.context[kind]); }
    copy(code: string): Promise<void> { this.calls.push(`copy ${code}`); return Promise.resolve(); }
    insert(code: string): Promise<void> { this.calls.push(`insert ${code}`); return Promise.resolve(); }
    apply(code: string, info: string): Promise<void> { this.calls.push(`apply ${info} ${code}`); return Promise.resolve(); }
    openReference(path: string, line: number): Promise<void> { this.calls.push(`open ${path}:${line}`); return Promise.resolve(); }
    checkReferences(found: ReadonlyArray<{ text: string; path: string; line: number }>) {
        return Promise.resolve(found.map((item) => ({ ...item, status: item.path.startsWith("missing") ? "missing-file" as const : "ok" as const })));
    }
    pickConversation(): Promise<string | undefined> { return Promise.resolve(this.pick); }
    showError(message: string): void { this.errors.push(message); }
}

export function recorder(): { messages: ToWebview[]; post: (message: ToWebview) => void } {
    const messages: ToWebview[] = [];
    return { messages, post: (message) => messages.push(structuredClone(message)) };
}
