// Messages behind gpt-oss's entry in VS Code's language-model list (extension/lm): token counts
// come from the loaded model's own tokenizer, so callers budget their prompts in real tokens.
import { z } from "zod";
import { defineRequest } from "./define.ts";

export const CountTokensParams = z.object({
    /** The text as the caller will send it (a whole message is flattened by the extension first). */
    text: z.string(),
});
export type CountTokensParams = z.infer<typeof CountTokensParams>;

export const CountTokensResult = z.object({
    tokens: z.number().int().nonnegative(),
    /**
     * true: counted with the loaded model's tokenizer. false: no embedded model is loaded (nothing
     * yet, or a remote endpoint whose tokenizer is out of reach), so the count is an estimate.
     */
    exact: z.boolean(),
});
export type CountTokensResult = z.infer<typeof CountTokensResult>;

/** client → server: how many tokens `text` is for the model in use. */
export const CountTokensRequest = defineRequest("gptoss/lm/countTokens", CountTokensParams, CountTokensResult);
