// A recorded-protocol test double of an OpenAI-compatible inference server, on 127.0.0.1. It
// replays the wire format vLLM and Ollama send, as their documentation and published stream
// captures show it (not a mock of our client: real HTTP, real SSE framing):
//  - vLLM (openai/gpt-oss-* with --reasoning-parser openai_gptoss --tool-call-parser openai):
//    a first chunk with role and empty content, reasoning in `reasoning_content` deltas, answer
//    in `content` deltas, a tool call as a first fragment (id, type, name, empty arguments) then
//    argument pieces keyed by `index`, a last choice chunk with `finish_reason` (and
//    `stop_reason`), a usage chunk with `choices: []`, then `data: [DONE]`. /v1/models adds
//    `max_model_len`; /v1/completions streams `text_completion` chunks.
//  - Ollama (gpt-oss:20b on /v1): `system_fingerprint: "fp_ollama"`, reasoning in `reasoning`,
//    a tool call whole in one chunk, `finish_reason` in its own chunk, models `owned_by: "library"`.
//  - llama-server (llama.cpp's own, --jinja; recorded from the real server this project builds,
//    test/integration/llama-server-double.test.ts checks the shapes still match): a first chunk
//    with role and `content: null`, `reasoning_content` deltas, a tool call's first fragment
//    carrying id, name and the first argument piece, a finish chunk with an empty delta, usage
//    (with `timings`) in a chunk with `choices: []`. /v1/completions streams special tokens
//    such as `<|end|>` as text and puts usage and timings into the finish chunk. /v1/models
//    gives the slot's context as `meta.n_ctx`.
// Each request is recorded (path, headers, parsed body) together with when its connection
// closed and whether the response had finished by then, so a test can prove that cancelling
// closed the socket. Replies are scripted per test with `handle`.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { requestListener } from "./request-listener.ts";

export interface RecordedRequest {
    method: string;
    path: string;
    headers: http.IncomingHttpHeaders;
    body: Record<string, unknown>;
    /** Resolves when the connection carrying this request closes (client hung up or the response ended). */
    closed: Promise<void>;
    /** Set on close: true when the client went away before the response was complete. */
    closedEarly: boolean | null;
}

export type Reply =
    | { kind: "json"; status?: number; body: unknown; headers?: Record<string, string> }
    /** SSE: each event is a `data:` line; `[DONE]` is sent unless `then` says otherwise. */
    | { kind: "sse"; events: unknown[]; delayMs?: number; then?: "done" | "end" | "destroy" | "stall" }
    /** An SSE stream that never ends: one event per interval until the client goes away. */
    | { kind: "endless"; event: (index: number) => unknown; intervalMs: number }
    /** Accepts the request and never answers (not even headers). */
    | { kind: "hang" };

export type Handler = (request: RecordedRequest, index: number) => Reply;

export interface RecordedOpenAIServer {
    /** e.g. http://127.0.0.1:PORT/v1 */
    baseUrl: string;
    requests: RecordedRequest[];
    handle: Handler;
    close(): Promise<void>;
}

export async function startRecordedOpenAIServer(handle: Handler): Promise<RecordedOpenAIServer> {
    const sockets = new Set<Socket>();
    const requests: RecordedRequest[] = [];
    const state: RecordedOpenAIServer = { baseUrl: "", requests, handle, close: async () => undefined };
    const timers = new Set<NodeJS.Timeout>();
    const server = http.createServer(requestListener(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        let closeResolve: () => void = () => undefined;
        const record: RecordedRequest = {
            method: req.method ?? "GET",
            path: (req.url ?? "").split("?")[0]!,
            headers: req.headers,
            body: text === "" ? {} : JSON.parse(text) as Record<string, unknown>,
            closed: new Promise((resolve) => { closeResolve = resolve; }),
            closedEarly: null,
        };
        res.on("close", () => {
            record.closedEarly = !res.writableFinished;
            closeResolve();
        });
        requests.push(record);
        const reply = state.handle(record, requests.length - 1);
        await send(res, reply, timers);
    }));
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    state.baseUrl = `http://127.0.0.1:${port}/v1`;
    state.close = async () => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return state;
}

async function send(res: http.ServerResponse, reply: Reply, timers: Set<NodeJS.Timeout>): Promise<void> {
    const wait = (ms: number) => new Promise<void>((resolve) => {
        const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
        timers.add(timer);
    });
    switch (reply.kind) {
        case "json":
            res.writeHead(reply.status ?? 200, { "Content-Type": "application/json", ...reply.headers });
            res.end(JSON.stringify(reply.body));
            return;
        case "hang":
            return;
        case "sse": {
            res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" });
            for (const event of reply.events) {
                if (res.destroyed) return;
                res.write(`data: ${JSON.stringify(event)}\n\n`);
                if (reply.delayMs) await wait(reply.delayMs);
            }
            const then = reply.then ?? "done";
            if (then === "done") res.end("data: [DONE]\n\n");
            else if (then === "end") res.end();
            else if (then === "destroy") res.destroy();
            return; // "stall": keep the connection open, silent
        }
        case "endless": {
            res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" });
            for (let index = 0; !res.destroyed; index += 1) {
                res.write(`data: ${JSON.stringify(reply.event(index))}\n\n`);
                await wait(reply.intervalMs);
            }
            return;
        }
    }
}

// ---- Wire formats -------------------------------------------------------------------------

const CREATED = 1_764_000_000;

export interface ScriptedTurn {
    reasoning?: string[];
    content?: string[];
    /** One call; vLLM splits the arguments into these pieces, Ollama sends them joined. */
    toolCall?: { id: string; name: string; argumentPieces: string[] };
    finishReason?: "stop" | "length" | "tool_calls";
    usage?: { prompt: number; completion: number; cached?: number };
}

/** The chunks vLLM streams for one chat completion (without the final [DONE]). */
export function vllmChatChunks(model: string, turn: ScriptedTurn, options: { reasoningField?: "reasoning_content" | "both" } = {}): unknown[] {
    const base = { id: "chatcmpl-4f1b2c9e8a7d4e0b", object: "chat.completion.chunk", created: CREATED, model };
    const choice = (delta: Record<string, unknown>, finish: string | null = null) =>
        ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...(finish ? { stop_reason: null } : {}) }] });
    const chunks: unknown[] = [choice({ role: "assistant", content: "" })];
    for (const piece of turn.reasoning ?? []) {
        chunks.push(choice(options.reasoningField === "both" ? { reasoning_content: piece, reasoning: piece } : { reasoning_content: piece }));
    }
    for (const piece of turn.content ?? []) chunks.push(choice({ content: piece }));
    if (turn.toolCall) {
        chunks.push(choice({ tool_calls: [{ id: turn.toolCall.id, type: "function", index: 0, function: { name: turn.toolCall.name, arguments: "" } }] }));
        for (const piece of turn.toolCall.argumentPieces) chunks.push(choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
    chunks.push(choice({ content: "" }, turn.finishReason ?? (turn.toolCall ? "tool_calls" : "stop")));
    if (turn.usage) {
        chunks.push({
            ...base, choices: [],
            usage: {
                prompt_tokens: turn.usage.prompt, completion_tokens: turn.usage.completion, total_tokens: turn.usage.prompt + turn.usage.completion,
                ...(turn.usage.cached !== undefined ? { prompt_tokens_details: { cached_tokens: turn.usage.cached } } : {}),
            },
        });
    }
    return chunks;
}

/** The chunks Ollama's /v1/chat/completions streams for one turn (without the final [DONE]). */
export function ollamaChatChunks(model: string, turn: ScriptedTurn): unknown[] {
    const base = { id: "chatcmpl-412", object: "chat.completion.chunk", created: CREATED, model, system_fingerprint: "fp_ollama" };
    const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
    const chunks: unknown[] = [];
    for (const piece of turn.reasoning ?? []) chunks.push(choice({ role: "assistant", content: "", reasoning: piece }));
    for (const piece of turn.content ?? []) chunks.push(choice({ role: "assistant", content: piece }));
    if (turn.toolCall) {
        chunks.push(choice({ role: "assistant", content: "", tool_calls: [{ id: turn.toolCall.id, index: 0, type: "function", function: { name: turn.toolCall.name, arguments: turn.toolCall.argumentPieces.join("") } }] }));
    }
    chunks.push(choice({ role: "assistant", content: "" }, turn.finishReason ?? (turn.toolCall ? "tool_calls" : "stop")));
    if (turn.usage) chunks.push({ ...base, choices: [], usage: { prompt_tokens: turn.usage.prompt, completion_tokens: turn.usage.completion, total_tokens: turn.usage.prompt + turn.usage.completion } });
    return chunks;
}

/** vLLM's /v1/completions stream for a raw prompt. */
export function vllmCompletionChunks(model: string, pieces: string[], usage: { prompt: number; completion: number }): unknown[] {
    const base = { id: "cmpl-9d2e0f4c1b3a", object: "text_completion", created: CREATED, model };
    return [
        ...pieces.map((text) => ({ ...base, choices: [{ index: 0, text, logprobs: null, finish_reason: null, stop_reason: null }], usage: null })),
        { ...base, choices: [{ index: 0, text: "", logprobs: null, finish_reason: "stop", stop_reason: 200002 }], usage: null },
        { ...base, choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } },
    ];
}

export function vllmModels(model: string, maxModelLen = 131072): Reply {
    return { kind: "json", body: { object: "list", data: [{ id: model, object: "model", created: CREATED, owned_by: "vllm", root: model, parent: null, max_model_len: maxModelLen, permission: [] }] } };
}

export function ollamaModels(...models: string[]): Reply {
    return { kind: "json", body: { object: "list", data: models.map((id) => ({ id, object: "model", created: CREATED, owned_by: "library" })) } };
}

/** An error body in the shape OpenAI-compatible servers use. */
export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
    return { kind: "json", status, headers, body: { error: { message, type: status === 401 ? "authentication_error" : "invalid_request_error", code: status } } };
}

const LLAMA_SERVER_FINGERPRINT = "b1-de3ff81";

/** llama-server's per-request timings (its own field beside usage). */
function llamaServerTimings(prompt: number, completion: number, cached = 0) {
    return {
        cache_n: cached, prompt_n: prompt - cached, prompt_ms: 7.5, prompt_per_token_ms: 0.1, prompt_per_second: 9000,
        predicted_n: completion, predicted_ms: 40, predicted_per_token_ms: 2.5, predicted_per_second: 400,
    };
}

/** The chunks llama-server (--jinja, gpt-oss template) streams for one chat completion (without [DONE]). */
export function llamaServerChatChunks(model: string, turn: ScriptedTurn): unknown[] {
    const base = { created: CREATED, id: "chatcmpl-ZCud6Or9IfweNrVoa2Drh24loS2jXBL2", model, system_fingerprint: LLAMA_SERVER_FINGERPRINT, object: "chat.completion.chunk" };
    const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ finish_reason: finish, index: 0, delta }], ...base });
    const chunks: unknown[] = [choice({ role: "assistant", content: null })];
    for (const piece of turn.reasoning ?? []) chunks.push(choice({ reasoning_content: piece }));
    for (const piece of turn.content ?? []) chunks.push(choice({ content: piece }));
    if (turn.toolCall) {
        const [first = "", ...rest] = turn.toolCall.argumentPieces;
        chunks.push(choice({ tool_calls: [{ index: 0, id: turn.toolCall.id, type: "function", function: { name: turn.toolCall.name, arguments: first } }] }));
        for (const piece of rest) chunks.push(choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
    chunks.push(choice({}, turn.finishReason ?? (turn.toolCall ? "tool_calls" : "stop")));
    if (turn.usage) {
        const cached = turn.usage.cached ?? 0;
        chunks.push({
            choices: [], ...base,
            usage: { completion_tokens: turn.usage.completion, prompt_tokens: turn.usage.prompt, total_tokens: turn.usage.prompt + turn.usage.completion, prompt_tokens_details: { cached_tokens: cached } },
            timings: llamaServerTimings(turn.usage.prompt, turn.usage.completion, cached),
        });
    }
    return chunks;
}

/** llama-server's /v1/completions stream for a raw prompt: special tokens arrive as text, usage in the finish chunk. */
export function llamaServerCompletionChunks(model: string, pieces: string[], usage: { prompt: number; completion: number }): unknown[] {
    const base = { created: CREATED, model, system_fingerprint: LLAMA_SERVER_FINGERPRINT, object: "text_completion" };
    const id = { id: "chatcmpl-Ff9ZnfYVmABraiJD4PyrDp1cD3ckXhCB" };
    return [
        ...pieces.map((text) => ({ choices: [{ text, index: 0, logprobs: null, finish_reason: null }], ...base, ...id })),
        {
            choices: [{ text: "", index: 0, logprobs: null, finish_reason: "stop" }], ...base,
            usage: { completion_tokens: usage.completion, prompt_tokens: usage.prompt, total_tokens: usage.prompt + usage.completion, prompt_tokens_details: { cached_tokens: 0 } },
            ...id, timings: llamaServerTimings(usage.prompt, usage.completion),
        },
    ];
}

/** llama-server's /v1/models: OpenAI's `data` beside an Ollama-style `models` list; the slot's context in meta.n_ctx. */
export function llamaServerModels(model: string, nCtx = 8192): Reply {
    return {
        kind: "json",
        body: {
            models: [{ name: model, model, modified_at: "", size: "", digest: "", type: "model", description: "", tags: [""], capabilities: ["completion"], parameters: "", details: { parent_model: "", format: "gguf", family: "", families: [""], parameter_size: "", quantization_level: "" } }],
            object: "list",
            data: [{
                id: model, aliases: [model], tags: [], object: "model", created: CREATED, owned_by: "llamacpp",
                meta: { vocab_type: 2, n_vocab: 201088, n_ctx: nCtx, n_ctx_train: 131072, n_embd: 2880, n_params: 20914757184, size: 12109566560, ftype: "MXFP4 MoE" },
            }],
        },
    };
}
