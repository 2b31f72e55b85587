// The load config the extension sends for a remote endpoint, for tests.
import type { EngineConfig, RemoteEndpointConfig } from "../../protocol/index.ts";

export function remoteConfig(baseUrl: string, overrides: Partial<RemoteEndpointConfig> = {}): EngineConfig {
    const remote: RemoteEndpointConfig = {
        baseUrl, model: "openai/gpt-oss-120b", apiKey: "", timeoutSeconds: 10, headers: {}, completionMode: "auto", ...overrides,
    };
    return { modelPath: baseUrl, gpu: "auto", contextSize: 16384, threads: 0, remote };
}
