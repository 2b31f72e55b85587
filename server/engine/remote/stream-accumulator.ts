// Reads the chunks of a streamed chat completion as OpenAI-compatible servers really send them
// and adds them up: answer text, reasoning, tool calls, why it stopped, token usage. Servers
// differ, so every field is optional and checked here, at the process boundary:
//  - reasoning arrives as `reasoning_content` (vLLM, SGLang, llama-server, DeepSeek style) or
//    `reasoning` (Ollama, OpenRouter, newer vLLM); a server that sends both with the same text
//    must not show it twice, so one field per delta is taken;
//  - a tool call arrives in fragments (vLLM: id and name first, then argument pieces keyed by
//    `index`) or whole in one chunk (Ollama); a proxy may send every call with index 0, so a
//    fragment with a new id starts a new call;
//  - usage comes in a last chunk with no choices (stream_options.include_usage), or never.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { StopReason, ToolCall } from "../../../protocol/index.ts";
import { EngineError } from "../engine-error.ts";

const ToolCallDelta = z.looseObject({
    index: z.number().int().nonnegative().nullish(),
    id: z.string().nullish(),
    function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

const ChunkChoice = z.looseObject({
    delta: z.looseObject({
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(ToolCallDelta).nullish(),
    }).nullish(),
    finish_reason: z.string().nullish(),
});

export const ChatChunk = z.looseObject({
    choices: z.array(ChunkChoice).nullish(),
    usage: z.looseObject({
        prompt_tokens: z.number().nonnegative().nullish(),
        completion_tokens: z.number().nonnegative().nullish(),
        prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nonnegative().nullish() }).nullish(),
    }).nullish(),
});

export interface ChunkDelta {
    analysis: string;
    final: string;
}

interface PartialCall { index: number; id: string | null; name: string; arguments: string }

export interface ReportedUsage { promptTokens: number; cachedTokens: number; completionTokens: number }

export class StreamAccumulator {
    text = "";
    reasoning = "";
    finishReason: string | null = null;
    usage: ReportedUsage | null = null;
    /** Chunks that carried text, reasoning or call fragments: the token count when usage is missing. */
    deltaCount = 0;
    private readonly calls: PartialCall[] = [];

    /** Adds one parsed SSE data object; returns the text to stream on each channel. */
    add(raw: unknown): ChunkDelta {
        const parsed = ChatChunk.safeParse(raw);
        if (!parsed.success) {
            throw new EngineError("remote-error", `The endpoint sent a stream chunk this extension cannot read: ${JSON.stringify(raw).slice(0, 200)}`);
        }
        const chunk = parsed.data;
        if (chunk.usage) {
            this.usage = {
                promptTokens: chunk.usage.prompt_tokens ?? 0,
                cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
                completionTokens: chunk.usage.completion_tokens ?? 0,
            };
        }
        const out: ChunkDelta = { analysis: "", final: "" };
        // gpt-oss generates one choice (n is never sent); other indexes are ignored.
        const choice = chunk.choices?.[0];
        if (!choice) return out;
        const delta = choice.delta;
        if (delta) {
            const reasoning = nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning);
            if (reasoning !== null) {
                this.reasoning += reasoning;
                out.analysis = reasoning;
            }
            if (delta.content) {
                this.text += delta.content;
                out.final = delta.content;
            }
            for (const fragment of delta.tool_calls ?? []) this.addCallFragment(fragment);
            if (reasoning !== null || delta.content || (delta.tool_calls?.length ?? 0) > 0) this.deltaCount += 1;
        }
        if (choice.finish_reason) this.finishReason = choice.finish_reason;
        return out;
    }

    private addCallFragment(fragment: z.infer<typeof ToolCallDelta>): void {
        const index = fragment.index ?? (this.calls.length === 0 ? 0 : this.calls.at(-1)!.index);
        let call = findLast(this.calls, (candidate) => candidate.index === index);
        if (call === undefined || (fragment.id && call.id && fragment.id !== call.id)) {
            call = { index, id: fragment.id ?? null, name: "", arguments: "" };
            this.calls.push(call);
        }
        call.id ??= fragment.id ?? null;
        // Names arrive whole; a server repeating the name in later fragments must not double it.
        if (fragment.function?.name && !call.name.endsWith(fragment.function.name)) call.name += fragment.function.name;
        if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
    }

    get hasToolCalls(): boolean {
        return this.calls.length > 0;
    }

    get finished(): boolean {
        return this.finishReason !== null;
    }

    toolCalls(): ToolCall[] {
        return this.calls.filter((call) => call.name !== "").map((call) => ({
            id: call.id ?? `call_${randomUUID().slice(0, 8)}`,
            name: call.name,
            arguments: call.arguments.trim() === "" ? "{}" : call.arguments,
        }));
    }

    stopReason(): StopReason {
        if (this.finishReason === "tool_calls" || this.finishReason === "function_call") return "tool-calls";
        // Some servers end a calling turn with "stop"; the calls are what matter.
        if (this.hasToolCalls && this.finishReason !== "length") return "tool-calls";
        if (this.finishReason === "length") return "max-tokens";
        return "end";
    }
}

function nonEmpty(value: string | null | undefined): string | null {
    return value === undefined || value === null || value === "" ? null : value;
}

function findLast<T>(items: readonly T[], predicate: (item: T) => boolean): T | undefined {
    for (let index = items.length - 1; index >= 0; index -= 1) if (predicate(items[index]!)) return items[index];
    return undefined;
}
