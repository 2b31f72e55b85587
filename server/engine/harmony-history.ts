// Maps protocol chat messages to node-llama-cpp's chat history. A `system` message becomes
// harmony's developer message (HarmonyChatWrapper puts the system item there); an assistant
// message's reasoning is replayed as a finished "thought" segment only when the caller kept it.
//
// Tool calling: everything the assistant says after a user message, its calls and the tools'
// answers, is one model turn in harmony, so consecutive assistant and tool messages merge into one
// model item. That keeps the turn's reasoning in the prompt while it is still calling tools (the
// wrapper drops thoughts only from earlier turns) and lets the model continue right after the
// last tool result instead of starting a new turn.
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse, LlamaTextJSON } from "node-llama-cpp";
import type { ChatMessage } from "../../protocol/index.ts";

/** `rawCall`: a call exactly as the model wrote it, by id, so the prompt replays it token for token. */
export function toChatHistory(messages: readonly ChatMessage[], rawCall: (id: string) => LlamaTextJSON | undefined = () => undefined): ChatHistoryItem[] {
    const history: ChatHistoryItem[] = [];
    /** The model item the current assistant turn writes into; null after a user or system message. */
    let turn: ChatModelResponse | null = null;
    const calls = new Map<string, ChatModelFunctionCall>();

    for (const message of messages) {
        switch (message.role) {
            case "system":
            case "user":
                history.push({ type: message.role, text: message.content });
                turn = null;
                break;
            case "assistant": {
                if (turn === null) {
                    turn = { type: "model", response: [] };
                    history.push(turn);
                }
                if (message.reasoning) turn.response.push({ type: "segment", segmentType: "thought", text: message.reasoning, ended: true });
                const toolCalls = message.toolCalls ?? [];
                if (toolCalls.length === 0) {
                    if (message.content !== "") turn.response.push(message.content);
                    break;
                }
                // Text beside a call is a preamble, which harmony puts on the commentary channel.
                if (message.content !== "") turn.response.push({ type: "segment", segmentType: "comment", text: message.content, ended: true });
                for (const call of toolCalls) {
                    const raw = rawCall(call.id);
                    const item: ChatModelFunctionCall = { type: "functionCall", name: call.name, params: parseArguments(call.arguments), result: undefined, ...(raw ? { rawCall: raw } : {}) };
                    calls.set(call.id, item);
                    turn.response.push(item);
                }
                break;
            }
            case "tool": {
                const call = calls.get(message.toolCallId);
                if (call === undefined) throw new Error(`The tool result for ${message.name} answers no call with id ${message.toolCallId}.`);
                call.result = message.content;
                break;
            }
        }
    }
    // After tool results the model continues its own turn; otherwise it answers into a new one.
    const last = messages.at(-1);
    const continuesTurn = last?.role === "tool" || (last?.role === "assistant" && (last.toolCalls?.length ?? 0) > 0);
    if (!continuesTurn) history.push({ type: "model", response: [] });
    return history;
}

/** The call's arguments as the model wrote them: parsed when they are JSON, else kept as text. */
function parseArguments(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
