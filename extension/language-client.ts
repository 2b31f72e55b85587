// Starts the language server with VS Code's own Node over IPC. Crashes restart it, a bounded
// number of times; a deliberate stop does not.
import * as vscode from "vscode";
import {
    CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, TransportKind,
    type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from "vscode-languageclient/node";

export const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export interface CrashListener {
    /** The server died; `restarting` says whether it will be started again. */
    (info: { restarting: boolean; restartsInWindow: number }): void;
}

export class CrashAwareErrorHandler implements ErrorHandler {
    private readonly crashes: number[] = [];
    stopping = false;

    constructor(private readonly onCrash: CrashListener) {}

    error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
        // A few write errors in a row mean the connection is gone; let `closed` decide.
        return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    }

    closed(): CloseHandlerResult {
        if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        this.crashes.push(now);
        while (this.crashes.length > 0 && now - this.crashes[0]! > RESTART_WINDOW_MS) this.crashes.shift();
        const restarting = this.crashes.length <= MAX_RESTARTS;
        this.onCrash({ restarting, restartsInWindow: this.crashes.length });
        return { action: restarting ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    }
}

export function createLanguageClient(
    context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, errorHandler: ErrorHandler,
): LanguageClient {
    const serverModule = context.asAbsolutePath("dist/server.mjs");
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [],
        outputChannel,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        errorHandler,
        initializationFailedHandler: () => false,
    };
    return new LanguageClient("gptOss", "gpt-oss", serverOptions, clientOptions);
}
