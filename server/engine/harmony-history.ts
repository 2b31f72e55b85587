// Maps protocol chat messages to node-llama-cpp's chat history. A `system` message becomes
// harmony's developer message (HarmonyChatWrapper puts the system item there); an assistant
// message's reasoning is replayed as a finished "thought" segment only when the caller kept it.
import type { ChatHistoryItem, ChatModelResponse } from "node-llama-cpp";
import type { ChatMessage } from "../../protocol/index.ts";

export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
    const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
        switch (message.role) {
            case "system": return { type: "system", text: message.content };
            case "user": return { type: "user", text: message.content };
            case "assistant": {
                const response: ChatModelResponse["response"] = [];
                if (message.reasoning) response.push({ type: "segment", segmentType: "thought", text: message.reasoning, ended: true });
                response.push(message.content);
                return { type: "model", response };
            }
        }
    });
    // The model answers into an empty model turn at the end.
    history.push({ type: "model", response: [] });
    return history;
}
