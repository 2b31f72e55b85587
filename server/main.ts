// The language server: owns the model and answers the extension's requests over IPC. Started by
// vscode-languageclient with VS Code's own Node, so users install nothing but the extension.
import { createConnection, ProposedFeatures, TextDocumentSyncKind } from "vscode-languageserver/node";
import {
    ChatChunkNotification, ChatTurnRequest, DownloadProgressNotification, DownloadRequest, LoadRequest, ModelFileInfoRequest,
    SandboxConfigureRequest, SandboxRunRequest, SandboxStatusRequest, StatusNotification, StatusRequest, StructuredRequest, UnloadRequest,
} from "../protocol/index.ts";
import { SandboxService } from "./sandbox-service.ts";
import { AgentRunRequest } from "../protocol/index.ts";
import { AgentService } from "./agent/agent-service.ts";
import { ChatToolNotification } from "../protocol/index.ts";
import { workspaceChatTurn } from "./chat/workspace-chat.ts";
import { editorDiagnostics } from "./editor-requests.ts";
import { CompletionStatsRequest, CompletionWarmRequest, InlineCompletionRequest } from "../protocol/index.ts";
import { CompletionRouter } from "./completion/completion-router.ts";
import { EmbeddedEngine } from "./engine/embedded-engine.ts";
import { EngineRouter } from "./engine/engine-router.ts";
import { RemoteEngine } from "./engine/remote/remote-engine.ts";
import { RemoteModelsRequest } from "../protocol/index.ts";
import { listRemoteModels } from "./engine/remote/model-listing.ts";
import { downloadModel, modelFileInfo } from "./download/model-download.ts";
import { machineFit } from "./download/machine-fit.ts";
import { MachineFitRequest } from "../protocol/index.ts";
import { cancelRequestsInFlight, handleRequest, sendNotification } from "./rpc.ts";
import { shutdown } from "./shutdown.ts";
import { log } from "./log.ts";
import { CountTokensRequest } from "../protocol/index.ts";
import { gptOssTokenCounter } from "./engine/remote/gpt-oss-tokens.ts";
import { countTokens, fallbackKind } from "./lm-service.ts";
import { ToolsListRequest } from "../protocol/index.ts";
import { UserToolsService } from "./mcp/user-tools-service.ts";

const connection = createConnection(ProposedFeatures.all);
log.attach(connection.console);
// Embedded (node-llama-cpp) or a remote OpenAI-compatible endpoint, chosen by each load's config.
const engine = new EngineRouter(new EmbeddedEngine(), new RemoteEngine());

connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.None },
    serverInfo: { name: "gpt-oss language server", version: "0.1.0" },
}));
connection.onInitialized(() => log.info(`language server started (pid ${process.pid}, node ${process.version})`));

engine.onStatusChange((status) => sendNotification(connection, StatusNotification, status));

handleRequest(connection, StatusRequest, async () => engine.status);
handleRequest(connection, LoadRequest, async (config, signal) => {
    await engine.load(config, signal);
    return engine.status;
});
handleRequest(connection, UnloadRequest, async () => {
    await engine.unload();
    return engine.status;
});
handleRequest(connection, ModelFileInfoRequest, (source) => modelFileInfo(source));
handleRequest(connection, MachineFitRequest, ({ contextSize }) => machineFit(contextSize));
handleRequest(connection, DownloadRequest, async ({ progressToken, stallSeconds, ...source }, signal) => {
    let lastSent = 0;
    const path = await downloadModel(source, (progress) => {
        // Progress events come per chunk; a few per second is plenty for a progress bar.
        const now = performance.now();
        if (now - lastSent < 200 && progress.downloadedBytes < progress.totalBytes) return;
        lastSent = now;
        sendNotification(connection, DownloadProgressNotification, { progressToken, ...progress });
    }, signal, stallSeconds);
    return { path };
});
handleRequest(connection, ChatTurnRequest, ({ streamId, ...params }, signal) => {
    const onChunk = (channel: "analysis" | "final", text: string) => sendNotification(connection, ChatChunkNotification, { streamId, channel, text });
    if (params.workspace === undefined) return engine.chatTurn(params, onChunk, signal);
    return workspaceChatTurn(engine, params, (root, path) => editorDiagnostics(connection, root, path), onChunk,
        (step) => sendNotification(connection, ChatToolNotification, { streamId, ...step }), signal, () => sandbox.sandbox(), userTools.host);
});
handleRequest(connection, StructuredRequest, (params, signal) => engine.structured(params, signal));

const completions = new CompletionRouter(engine);
handleRequest(connection, InlineCompletionRequest, (params, signal) => completions.complete(params, signal));
handleRequest(connection, CompletionWarmRequest, (params, signal) => completions.warm(params, signal));
handleRequest(connection, CompletionStatsRequest, async ({ reset }) => completions.stats(reset ?? false));
handleRequest(connection, RemoteModelsRequest, (config, signal) => listRemoteModels(config, signal));

const sandbox = new SandboxService(connection);
handleRequest(connection, SandboxConfigureRequest, (settings) => sandbox.configure(settings));
handleRequest(connection, SandboxStatusRequest, async () => (await sandbox.sandbox()).status());
handleRequest(connection, SandboxRunRequest, async (params, signal) => (await sandbox.sandbox()).run({ ...params, signal }));

// Token counts for VS Code's language-model API: the loaded embedded model's tokenizer, else
// gpt-oss's own (o200k_harmony) for a remote gpt-oss or before a model is loaded.
handleRequest(connection, CountTokensRequest, async ({ text }) => {
    const model = engine.loadedModel?.model ?? null;
    return countTokens(model, text, model === null ? { kind: fallbackKind(engine.status), count: await gptOssTokenCounter() } : undefined);
});

// The user's MCP servers (started on first use, kept across tasks) and lm tools.
const userTools = new UserToolsService(connection);
handleRequest(connection, ToolsListRequest, ({ mcpServers }, signal) => userTools.list(mcpServers, signal));
const agents = new AgentService(connection, engine, sandbox, userTools);
handleRequest(connection, AgentRunRequest, (params, signal) => agents.run(params, signal));

// Everything ends here, not at exit: the answer to shutdown means nothing the server started is left.
connection.onShutdown(() => shutdown([
    // Chat turns, agent tasks (with their python sessions and browser sessions), sandbox runs,
    // downloads: each stops what it started when its request is cancelled.
    ["requests in flight", cancelRequestsInFlight],
    ["inline completions", () => completions.dispose()],
    ["MCP servers", () => userTools.close()],
    ["engine", () => engine.dispose()],
]));
connection.onExit(() => process.exit(0));
process.on("unhandledRejection", (reason) => log.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

connection.listen();
