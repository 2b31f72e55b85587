// Sends each inline-completion request to the service for the backend in use: the embedded
// model's own sequence, or the remote endpoint while the engine is connected to one. The engine
// only says which connection is current; the completion services live here, so engine/ never
// imports completion/.
import type { CompletionContext, CompletionParams, CompletionResult, CompletionStats } from "../../protocol/index.ts";
import type { EngineRouter } from "../engine/engine-router.ts";
import type { RemoteCompletionEndpoint } from "../engine/remote/remote-engine.ts";
import { CompletionService } from "./completion-service.ts";
import { RemoteCompletionService } from "./remote-completions.ts";

export class CompletionRouter {
    private readonly embedded: CompletionService;
    /** One remote service per connection: it keeps that connection's cache and raw→chat fallback. */
    private remote: { connection: RemoteCompletionEndpoint; service: RemoteCompletionService } | null = null;

    constructor(private readonly engine: EngineRouter) {
        this.embedded = new CompletionService(() => engine.loadedModel);
    }

    complete(params: CompletionParams, signal: AbortSignal): Promise<CompletionResult> {
        return this.current().complete(params, signal);
    }

    warm(context: CompletionContext, signal: AbortSignal): Promise<{ evaluatedTokens: number }> {
        return this.current().warm(context, signal);
    }

    stats(reset: boolean): CompletionStats {
        return this.current().stats(reset);
    }

    dispose(): void {
        this.embedded.dispose();
        this.remote?.service.dispose();
        this.remote = null;
    }

    private current(): CompletionService | RemoteCompletionService {
        const connection = this.engine.remoteCompletions;
        if (connection === null) {
            this.remote = null;
            return this.embedded;
        }
        if (this.remote?.connection !== connection) this.remote = { connection, service: new RemoteCompletionService(connection) };
        return this.remote.service;
    }
}
