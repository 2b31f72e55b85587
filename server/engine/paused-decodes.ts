// Makes a context's decodes wait for a GenerationPriority: the hook that lets the chat context
// pause between tokens while a completion runs.
//
// Why not node-llama-cpp's public `batching.dispatchSchedule`: LlamaContext._scheduleDecode
// (3.22.1) dispatches at once, skipping the custom schedule, whenever every sequence of the
// context has a decode queued, and the chat context has a single sequence, so the schedule is
// never consulted. The hook is therefore the context's internal `_decodeTokens(item, mapper)`,
// which every sequence evaluation (prompt, generated token, draft tokens, context shift
// re-evaluation) goes through: waiting before it holds exactly the next decode, under the
// sequence's own lock, with nothing queued on the context. gateDecodes warns if the method is
// missing (the model still loads), and test/integration/chat-priority.test.ts fails if it stops
// pausing.
//
// A long prompt is one `_decodeTokens` call; node-llama-cpp splits it into batches of batchSize
// inside one dispatch. It is split here the same way, batch by batch (same batches, so the same
// numbers), so a completion arriving during a long prefill waits for one batch, not the prompt.
import type { LlamaContext, Token } from "node-llama-cpp";
import { generationPriorityEnabled, type GenerationPriority } from "./generation-priority.ts";
import { log } from "../log.ts";

/** The shape of LlamaContext._decodeTokens' first argument (node-llama-cpp 3.22.1). */
interface QueuedDecode {
    sequenceId: number;
    tokens: Token[];
    logits: boolean[];
    firstTokenSequenceIndex: number;
    [other: string]: unknown;
}
type DecodeTokens = (item: QueuedDecode, logitDataMapper: unknown) => Promise<unknown[]>;

export function gateDecodes(context: LlamaContext, priority: GenerationPriority): void {
    if (!generationPriorityEnabled()) return;
    const internals = context as unknown as { _decodeTokens?: DecodeTokens };
    const decode = internals._decodeTokens;
    if (typeof decode !== "function") {
        // Losing the priority must not lose the model: warn, and the chat runs beside completions.
        log.warn("node-llama-cpp's LlamaContext has no _decodeTokens (was node-llama-cpp upgraded?): chat generations will not pause for inline completions");
        return;
    }
    const original: DecodeTokens = decode.bind(context);
    // A decode paused when the context goes away must not wait for the hold to expire.
    context.onDispose.createListener(() => priority.close());
    const batch = Math.max(1, context.batchSize);
    internals._decodeTokens = async (item, logitDataMapper) => {
        if (item.tokens.length <= batch) {
            const paused = priority.whenFree();
            if (paused !== null) await paused;
            return original(item, logitDataMapper);
        }
        // Results are [context index, value] pairs keyed by absolute position: parts concatenate.
        const results: unknown[] = [];
        for (let start = 0; start < item.tokens.length; start += batch) {
            const paused = priority.whenFree();
            if (paused !== null) await paused;
            const part: QueuedDecode = {
                ...item,
                tokens: item.tokens.slice(start, start + batch),
                logits: item.logits.slice(start, start + batch),
                firstTokenSequenceIndex: item.firstTokenSequenceIndex + start,
            };
            results.push(...await original(part, logitDataMapper));
        }
        return results;
    };
}
