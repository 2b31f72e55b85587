// Structured output on an endpoint. First choice: `response_format: json_schema`, which vLLM,
// SGLang, llama-server and Ollama enforce while generating. An endpoint that rejects it (400/422)
// gets the schema in the prompt instead, for the rest of this load, and the log says so. Either
// way the answer is parsed and checked against the schema here; a bad answer gets one repair
// request (the answer and what is wrong with it), then a clear error.
import type { ChatMessage, GenerationUsage, StructuredParams, StructuredResult } from "../../../protocol/index.ts";
import { EngineError } from "../engine-error.ts";
import { log } from "../../log.ts";
import { chatRequestBody } from "./chat-request.ts";
import { streamChat, type StreamOutcome } from "./chat-stream.ts";
import type { Endpoint } from "./endpoint.ts";
import { schemaProblem } from "./json-schema-check.ts";
import { httpStatusOf } from "./remote-errors.ts";

type Enforcement = "server" | "prompt";

export class StructuredCaller {
    /** null until the endpoint has answered a json_schema request one way or the other. */
    private serverEnforces: boolean | null = null;

    constructor(private readonly endpoint: Endpoint) {}

    async call(params: StructuredParams, signal?: AbortSignal): Promise<StructuredResult & { outcome: StreamOutcome }> {
        let enforcement: Enforcement = this.serverEnforces === false ? "prompt" : "server";
        let first: StreamOutcome;
        try {
            first = await this.ask(params, params.messages, enforcement, signal);
            if (enforcement === "server" && this.serverEnforces === null) {
                this.serverEnforces = true;
                log.info(`structured output: ${this.endpoint.failure.endpoint} accepts response_format json_schema`);
            }
        } catch (error) {
            const status = httpStatusOf(error);
            if (enforcement !== "server" || (status !== 400 && status !== 422)) throw error;
            this.serverEnforces = false;
            log.warn(`structured output: ${this.endpoint.failure.endpoint} rejected response_format json_schema (${status}: ${(error as Error).message}); ` +
                "falling back to the schema in the prompt, checked here, with one repair request");
            enforcement = "prompt";
            first = await this.ask(params, params.messages, enforcement, signal);
        }
        const firstCheck = check(first, params.jsonSchema);
        if (firstCheck.ok) return result(firstCheck.value, first, [first]);

        log.warn(`structured output: the answer ${firstCheck.problem}; asking the endpoint once to repair it`);
        const repairMessages: ChatMessage[] = [
            ...params.messages,
            { role: "assistant", content: first.text },
            { role: "user", content: `That answer ${firstCheck.problem}. Reply again with only the corrected JSON value that conforms to the schema, nothing else.` },
        ];
        const second = await this.ask(params, repairMessages, enforcement, signal);
        const secondCheck = check(second, params.jsonSchema);
        if (secondCheck.ok) {
            log.info("structured output: the repaired answer fits the schema");
            return result(secondCheck.value, second, [first, second]);
        }
        throw new EngineError("generation-failed", `The endpoint's structured answer still ${secondCheck.problem} after one repair request.`);
    }

    private async ask(params: StructuredParams, messages: readonly ChatMessage[], enforcement: Enforcement, signal: AbortSignal | undefined): Promise<StreamOutcome> {
        const body = chatRequestBody({
            model: this.endpoint.config.model,
            messages: enforcement === "prompt" ? withSchemaInstructions(messages, params.jsonSchema) : messages,
            reasoningEffort: params.reasoningEffort,
            maxTokens: params.maxTokens,
            sampling: params.sampling,
            ...(enforcement === "server" ? { jsonSchema: params.jsonSchema } : {}),
        });
        const outcome = await streamChat(this.endpoint, body, undefined, signal);
        if (outcome.stopReason === "cancelled") throw new EngineError("cancelled", "The request was cancelled.");
        return outcome;
    }
}

/** The schema as an instruction, added to the system message (the developer message for gpt-oss). */
export function withSchemaInstructions(messages: readonly ChatMessage[], jsonSchema: Record<string, unknown>): ChatMessage[] {
    const { $schema: _ignored, ...schema } = jsonSchema;
    const instruction = "# Response format\n\nReply with only one JSON value that conforms to this JSON schema. No prose, no Markdown, no code fences.\n\n" +
        JSON.stringify(schema, null, 2);
    const index = messages.findIndex((message) => message.role === "system");
    if (index === -1) return [{ role: "system", content: instruction }, ...messages];
    return messages.map((message, at) => (at === index ? { role: "system", content: `${message.content}\n\n${instruction}` } : message));
}

type Check = { ok: true; value: unknown } | { ok: false; problem: string };

function check(outcome: StreamOutcome, jsonSchema: Record<string, unknown>): Check {
    const text = unfence(outcome.text);
    if (text === "") {
        return { ok: false, problem: outcome.stopReason === "max-tokens" ? "was cut off by the token limit before any JSON" : "was empty" };
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return { ok: false, problem: outcome.stopReason === "max-tokens" ? "was cut off by the token limit before the JSON was complete" : `is not valid JSON (${text.slice(0, 80)})` };
    }
    const problem = schemaProblem(value, jsonSchema);
    return problem === null ? { ok: true, value } : { ok: false, problem: `does not fit the schema: ${problem}` };
}

/** The JSON inside a ```json fence when the model wrote one despite being told not to. */
export function unfence(text: string): string {
    const trimmed = text.trim();
    const fenced = /^```[a-zA-Z0-9_-]*\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
    return (fenced ? fenced[1]! : trimmed).trim();
}

function result(value: unknown, last: StreamOutcome, all: readonly StreamOutcome[]): StructuredResult & { outcome: StreamOutcome } {
    const usage: GenerationUsage = all.reduce((sum, outcome) => ({
        promptTokens: sum.promptTokens + outcome.usage.promptTokens,
        evaluatedTokens: sum.evaluatedTokens + outcome.usage.evaluatedTokens,
        generatedTokens: sum.generatedTokens + outcome.usage.generatedTokens,
        durationMs: sum.durationMs + outcome.usage.durationMs,
    }), { promptTokens: 0, evaluatedTokens: 0, generatedTokens: 0, durationMs: 0 });
    return { value, text: unfence(last.text), usage, outcome: last };
}
