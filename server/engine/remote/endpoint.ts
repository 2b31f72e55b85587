// One configured endpoint: the openai client plus what error messages need to name it.
import type OpenAI from "openai";
import type { RemoteEndpointConfig } from "../../../protocol/index.ts";
import { createEndpointClient, displayUrl } from "./endpoint-client.ts";
import type { FailureContext } from "./remote-errors.ts";

export interface Endpoint {
    readonly client: OpenAI;
    readonly config: RemoteEndpointConfig;
    readonly failure: FailureContext;
}

export function openEndpoint(config: RemoteEndpointConfig): Endpoint {
    return {
        client: createEndpointClient(config),
        config,
        failure: { endpoint: displayUrl(config.baseUrl), model: config.model, apiKey: config.apiKey, timeoutSeconds: config.timeoutSeconds },
    };
}
