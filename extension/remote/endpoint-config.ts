// The remote endpoint as the server needs it: the settings plus the key from SecretStorage.
import type * as vscode from "vscode";
import type { RemoteEndpointConfig } from "../../protocol/index.ts";
import type { Settings } from "../settings.ts";
import { readApiKey } from "./api-key.ts";

export async function remoteEndpointConfig(settings: Settings, secrets: vscode.SecretStorage, overrides: Partial<RemoteEndpointConfig> = {}): Promise<RemoteEndpointConfig> {
    const baseUrl = overrides.baseUrl ?? settings.remoteEndpoint.trim();
    return {
        baseUrl,
        model: settings.remoteModel,
        apiKey: await readApiKey(secrets, baseUrl),
        timeoutSeconds: settings.remoteTimeoutSeconds,
        headers: settings.remoteHeaders,
        completionMode: settings.remoteCompletions,
        ...overrides,
    };
}
