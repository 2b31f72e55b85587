// node-llama-cpp's harmony wrapper with one change: a tool's result is written into the prompt as
// the text the tool returned, as harmony's tool messages carry it, not as a JSON string literal.
// The stock wrapper JSON-encodes every result, so a file read by the agent would reach the model
// as one long line of "\n" escapes and quotes.
import { HarmonyChatWrapper, LlamaText, SpecialTokensText } from "node-llama-cpp";

export class ToolTextHarmonyWrapper extends HarmonyChatWrapper {
    override generateFunctionCallResult(functionName: string, functionParams: unknown, result: unknown): LlamaText {
        if (typeof result !== "string") return super.generateFunctionCallResult(functionName, functionParams, result);
        return LlamaText([
            new SpecialTokensText("<|start|>"),
            "functions.", functionName,
            new SpecialTokensText(" to=assistant<|channel|>commentary<|message|>"),
            result,
            new SpecialTokensText("<|end|>"),
        ]);
    }
}
