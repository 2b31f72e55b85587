// The load request the settings stand for; free of the vscode API so it is unit-tested.
import type { EngineConfig, RemoteEndpointConfig } from "../protocol/index.ts";
import type { Settings } from "./settings.ts";

/**
 * What the server loads for these settings. The fill-in-the-middle model runs beside an embedded
 * gpt-oss only: with a remote endpoint nothing runs on this machine.
 */
export function engineConfig(settings: Settings, modelPath: string, remote: RemoteEndpointConfig | undefined): EngineConfig {
    const fimModelPath = settings.fimModelPath.trim();
    return {
        modelPath, gpu: settings.gpu, contextSize: settings.contextSize, threads: settings.threads,
        ...(remote ? { remote } : {}),
        ...(remote === undefined && fimModelPath !== "" ? { completionModelPath: fimModelPath } : {}),
        ...(remote === undefined && settings.speculation !== undefined ? { speculation: settings.speculation } : {}),
    };
}
