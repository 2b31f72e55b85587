// OpenAI's recommended sampling for gpt-oss (temperature 1, top_p 1, no repeat penalty), set
// explicitly because node-llama-cpp's defaults differ (greedy, repeat penalty on).
import type { z } from "zod";
import type { SamplingOverrides } from "../../protocol/index.ts";

export function samplingOptions(overrides: z.infer<typeof SamplingOverrides> | undefined) {
    return {
        temperature: overrides?.temperature ?? 1,
        topP: overrides?.topP ?? 1,
        topK: 0,
        minP: 0,
        seed: overrides?.seed,
        repeatPenalty: false as const,
    };
}
