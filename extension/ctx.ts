// Ctx owns the language client and everything that lives and dies with it. The server starts
// the first time something needs the model; a crash restarts it (bounded) and, unless the crash
// happened while loading, loads the same model again.
import * as vscode from "vscode";
import { State, Trace, type LanguageClient } from "vscode-languageclient/node";
import {
    BrowserApproveFetchRequest, DiagnosticsRequest, GptOssClient, LoadRequest, NOT_LOADED_STATUS, parseOrThrow, RequestCancelledError, SandboxApprovalRequest, SandboxConfigureRequest,
    SandboxStatusNotification, type EngineConfig, type EngineStatus,
} from "../protocol/index.ts";
import { askToRunUnsandboxed } from "./sandbox-approval.ts";
import { askToFetch } from "./browser-approval.ts";
import { userToolRequestHandlers } from "./tools/index.ts";
import { editorDiagnostics } from "./agent/editor-state.ts";
import { CrashAwareErrorHandler, createLanguageClient, MAX_RESTARTS } from "./language-client.ts";
import { ModelSourceError, resolveModelPath } from "./model-source.ts";
import { remoteEndpointConfig } from "./remote/endpoint-config.ts";
import { engineConfig } from "./engine-config.ts";
import { MODEL_SETTINGS, readSettings } from "./settings.ts";
import { ModelLoads } from "./model-loads.ts";
import { StatusBar, type StatusBarView } from "./status-bar.ts";

export class Ctx implements vscode.Disposable {
    readonly output = vscode.window.createOutputChannel("gpt-oss", { log: true });
    private readonly statusBar = new StatusBar();
    private readonly errorHandler = new CrashAwareErrorHandler((info) => this.onServerCrash(info));
    private languageClient: LanguageClient | null = null;
    private starting: Promise<GptOssClient> | null = null;
    private client: GptOssClient | null = null;
    private view: StatusBarView = { status: NOT_LOADED_STATUS, downloadFraction: null, server: "stopped", sandboxSummary: null };
    /** The model the user asked for last; reloaded after a crash that did not happen while loading it. */
    private wantedConfig: EngineConfig | null = null;
    /** One load per user action; superseded loads stay silent. */
    private readonly loads = new ModelLoads({
        settingsKey: () => JSON.stringify(MODEL_SETTINGS.map((key) => vscode.workspace.getConfiguration().get(key))),
        loadFromSettings: (isCurrent) => this.loadFromSettings(isCurrent),
        reportError: (error) => this.reportError(error),
    });
    /** Loads the server is working on right now (a crash during one is blamed on the model file). */
    private serverLoads = 0;
    private crashedWhileLoading = false;
    private readonly disposables: vscode.Disposable[] = [];
    private readonly statusChanged = new vscode.EventEmitter<EngineStatus>();
    /** Fires with every status the server reports (state, model name, context size). */
    readonly onDidChangeStatus = this.statusChanged.event;
    private readonly viewChanged = new vscode.EventEmitter<StatusBarView>();
    /** Fires with everything the status bar shows, the steps before loading included (the chat view follows it). */
    readonly onDidChangeView = this.viewChanged.event;
    /** The last error shown to the user since the last loadModel() began (the chat ends its turn with it). */
    lastError: string | null = null;

    constructor(readonly extension: vscode.ExtensionContext) {
        this.render({});
    }

    get status(): EngineStatus {
        return this.view.status;
    }

    /** The status bar's view: the model's status plus the step in progress before loading. */
    get modelView(): StatusBarView {
        return this.view;
    }

    /** The chat is waiting for an answer: the status bar says "thinking" while the model is ready. */
    setChatBusy(busy: boolean): void {
        if ((this.view.chatBusy ?? false) !== busy) this.render({ chatBusy: busy });
    }

    /** The sandbox's own line about what runs and how isolated (workspace trust included); null until the server says. */
    get sandboxSummary(): string | null {
        return this.view.sandboxSummary;
    }

    get serverRunning(): boolean {
        return this.languageClient?.state === State.Running;
    }

    /** The typed client, starting the server first if needed. */
    async ensureClient(): Promise<GptOssClient> {
        if (this.client && this.languageClient?.state === State.Running) return this.client;
        this.starting ??= this.startServer().finally(() => { this.starting = null; });
        return this.starting;
    }

    private async startServer(): Promise<GptOssClient> {
        if (this.languageClient === null) {
            const languageClient = createLanguageClient(this.extension, this.output, this.errorHandler);
            this.languageClient = languageClient;
            this.client = new GptOssClient({
                sendRequest: (method, params, token) => languageClient.sendRequest(method, params, token as vscode.CancellationToken),
                onNotification: (method, handler) => languageClient.onNotification(method, handler),
            });
            this.disposables.push(
                this.client.onStatus((status) => this.render({ status })),
                this.client.onNotification(SandboxStatusNotification, (status) => this.render({ sandboxSummary: status.summary })),
                // The server withdraws these (token) when the task that asked is cancelled.
                languageClient.onRequest(SandboxApprovalRequest.method, (params: unknown, token: vscode.CancellationToken) =>
                    askToRunUnsandboxed(parseOrThrow(SandboxApprovalRequest.params, params, SandboxApprovalRequest.method, "params"), token)),
                languageClient.onRequest(BrowserApproveFetchRequest.method, (params: unknown, token: vscode.CancellationToken) =>
                    askToFetch(parseOrThrow(BrowserApproveFetchRequest.params, params, BrowserApproveFetchRequest.method, "params"), token)),
                languageClient.onRequest(DiagnosticsRequest.method, (params: unknown) => {
                    const { workspaceRoot, path } = parseOrThrow(DiagnosticsRequest.params, params, DiagnosticsRequest.method, "params");
                    return editorDiagnostics(workspaceRoot, path);
                }),
                ...userToolRequestHandlers(languageClient, this.extension),
                languageClient.onDidChangeState((event) => this.onClientState(event.newState)),
            );
        }
        this.errorHandler.stopping = false;
        await this.languageClient.start();
        return this.client!;
    }

    /**
     * Every time the server comes up (first start, restart after a crash, even a crash during
     * start-up) the extension sends it the sandbox settings and shows its state; after a crash it
     * loads the model again unless loading it was what crashed.
     */
    private onClientState(newState: State): void {
        if (newState !== State.Running) return;
        const restarted = this.view.server === "restarting";
        this.render({ server: "running", status: NOT_LOADED_STATUS });
        void this.configureSandbox();
        void this.client?.status().then((status) => this.render({ status }), () => undefined);
        if (!restarted) return;
        this.output.info("language server restarted");
        if (this.wantedConfig && !this.crashedWhileLoading) void this.loadConfig(this.wantedConfig);
    }

    /** Sends the sandbox settings; an untrusted workspace gets no code execution at all. */
    async configureSandbox(): Promise<void> {
        if (!this.client || !this.serverRunning) return;
        try {
            const settings = readSettings();
            const status = await this.client.request(SandboxConfigureRequest, {
                mode: settings.sandboxMode, ifUnavailable: settings.sandboxIfUnavailable, workspaceTrusted: vscode.workspace.isTrusted,
            });
            this.render({ sandboxSummary: status.summary });
        } catch (error) {
            this.output.warn(`sandbox settings not applied: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private onServerCrash(info: { restarting: boolean; restartsInWindow: number }): void {
        this.crashedWhileLoading = this.serverLoads > 0;
        const during = this.crashedWhileLoading ? " while loading the model" : "";
        this.output.info(`language server stopped unexpectedly${during} (crash ${info.restartsInWindow} of ${MAX_RESTARTS} allowed in 3 minutes)`);
        if (info.restarting) {
            this.render({ server: "restarting" });
            void vscode.window.showWarningMessage(`gpt-oss: the language server stopped unexpectedly${during}; restarting it.`, "Show Log")
                .then((choice) => { if (choice === "Show Log") this.output.show(); });
        } else {
            this.render({ server: "failed" });
            void vscode.window.showErrorMessage("gpt-oss: the language server keeps crashing and was not restarted. See the log for the cause.", "Show Log", "Restart Server")
                .then((choice) => {
                    if (choice === "Show Log") this.output.show();
                    if (choice === "Restart Server") void this.restartServer();
                });
        }
        if (this.crashedWhileLoading && this.wantedConfig) {
            this.render({ status: { ...this.view.status, state: "error", error: { code: "model-invalid", message: `The server crashed while loading ${this.wantedConfig.modelPath}; the file may be damaged.` } } });
        }
    }

    /**
     * Loads the model the settings name, downloading it first if needed. Errors are shown to the
     * user, once; a load replaced by a newer one (or an unload) shows nothing and resolves with
     * the newer one's outcome.
     */
    loadModel(): Promise<boolean> {
        this.lastError = null;
        return this.loads.load();
    }

    /**
     * Like loadModel, but a failure is thrown instead of shown: for callers that show it in their
     * own place (VS Code's chat shows what a language-model provider throws), so it is shown once.
     */
    loadModelOrThrow(): Promise<boolean> {
        return this.loads.load({ report: false });
    }

    /** Writes several settings as one change: one load follows it (the caller's), not one per write. */
    writeSettings(write: () => Promise<void>): Promise<void> {
        return this.loads.writeSettings(write);
    }

    /** A model setting changed (configuration listener): loads when it names something new. */
    modelSettingsChanged(): void {
        void this.loads.settingsChanged();
    }

    private async loadFromSettings(isCurrent: () => boolean): Promise<void> {
        const settings = readSettings();
        const client = await this.ensureClient();
        const modelPath = await resolveModelPath(settings, client, this.extension.globalStorageUri, 
            (step) => this.render({ step, downloadFraction: step?.kind === "downloading" ? step.fraction : null }));
        const remote = settings.modelSource === "remote" ? await remoteEndpointConfig(settings, this.extension.secrets) : undefined;
        // A newer load or an unload came while the model was resolved: do not send an older config after it.
        if (!isCurrent()) throw new RequestCancelledError(LoadRequest.method);
        await this.loadConfigOrThrow(engineConfig(settings, modelPath, remote));
    }

    /** Loads `config` (after a crash or restart); errors are shown to the user. */
    private async loadConfig(config: EngineConfig): Promise<boolean> {
        try {
            await this.loadConfigOrThrow(config);
            return true;
        } catch (error) {
            this.reportError(error);
            return false;
        }
    }

    private async loadConfigOrThrow(config: EngineConfig): Promise<void> {
        this.wantedConfig = config;
        this.crashedWhileLoading = false;
        this.serverLoads += 1;
        try {
            const client = await this.ensureClient();
            const status = config.remote ? await this.withoutTrace(() => client.load(config)) : await client.load(config);
            this.render({ status });
            if (status.notice) void vscode.window.showInformationMessage(`gpt-oss: ${status.notice}`);
        } finally {
            this.serverLoads -= 1;
        }
    }

    async unloadModel(): Promise<void> {
        this.loads.supersede();
        this.wantedConfig = null;
        if (!this.client || !this.serverRunning) return;
        this.render({ status: await this.client.unload() });
    }

    async restartServer(): Promise<void> {
        const config = this.wantedConfig;
        try {
            await this.stopServer();
            await this.ensureClient();
            if (config) await this.loadConfig(config);
        } catch (error) {
            this.reportError(error);
        }
    }

    private async stopServer(): Promise<void> {
        if (this.languageClient === null) return;
        this.errorHandler.stopping = true;
        if (this.languageClient.isRunning()) await this.languageClient.stop(5000).catch(() => undefined);
        this.render({ server: "stopped", status: NOT_LOADED_STATUS, sandboxSummary: null });
    }

    /**
     * Runs a request that carries the remote API key with JSON-RPC tracing off: a "verbose"
     * gptOss.trace.server writes every request's parameters into the output channel.
     */
    async withoutTrace<T>(request: () => Promise<T>): Promise<T> {
        const configured = Trace.fromString(vscode.workspace.getConfiguration("gptOss").get<string>("trace.server") ?? "off");
        if (this.languageClient === null || configured === Trace.Off) return request();
        await this.languageClient.setTrace(Trace.Off);
        try {
            return await request();
        } finally {
            await this.languageClient.setTrace(configured).catch(() => undefined);
        }
    }

    reportError(error: unknown): void {
        if (error instanceof RequestCancelledError) return;
        const message = error instanceof Error ? error.message : String(error);
        this.lastError = message;
        this.output.error(message);
        const unauthorized = (error as { data?: { code?: string } } | null)?.data?.code === "unauthorized";
        const actions = error instanceof ModelSourceError ? [...error.actions, "Show Log"] : [...(unauthorized ? ["Set API Key"] : []), "Choose Model", "Show Log"];
        void vscode.window.showErrorMessage(`gpt-oss: ${message}`, ...actions).then((choice) => {
            if (choice === "Show Log") this.output.show();
            if (choice === "Set API Key") void vscode.commands.executeCommand("gptOss.setApiKey");
            if (choice === "Choose Model") void vscode.commands.executeCommand("gptOss.chooseModel");
        });
    }

    private render(change: Partial<StatusBarView>): void {
        this.view = { ...this.view, ...change };
        this.statusBar.render(this.view);
        if (change.status) this.statusChanged.fire(change.status);
        this.viewChanged.fire(this.view);
    }

    async dispose(): Promise<void> {
        await this.stopServer();
        await this.languageClient?.dispose().catch(() => undefined);
        for (const disposable of this.disposables) disposable.dispose();
        this.statusBar.dispose();
        this.statusChanged.dispose();
        this.viewChanged.dispose();
        this.output.dispose();
    }
}
