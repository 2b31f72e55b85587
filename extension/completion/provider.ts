// Ghost text: the InlineCompletionItemProvider. Per keystroke it answers from its own cache when
// the user is typing along a suggestion it already showed (no request at all), otherwise waits
// the debounce, then asks the server; VS Code cancels the token when the document changes, which
// becomes LSP $/cancelRequest and stops the engine.
import * as vscode from "vscode";
import { CompletionCache, completionCacheKey, InlineCompletionRequest, RequestCancelledError } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import { documentContext, isExcluded } from "./document-context.ts";
import type { RecentFiles } from "./recent-files.ts";
import { enabledFor, readCompletionSettings } from "./settings.ts";

export interface ProviderCounters { requestsSent: number; localCacheHits: number; speculativeRequests: number }

/** Run by VS Code when the user accepts a suggestion (the item's command). */
export const ACCEPTED_COMMAND = "gptOss.completions.accepted";

export class GhostTextProvider implements vscode.InlineCompletionItemProvider {
    private readonly cache = new CompletionCache(32);
    readonly counters: ProviderCounters = { requestsSent: 0, localCacheHits: 0, speculativeRequests: 0 };
    private lastError = "";
    private cacheModelPath: string | null = null;

    constructor(private readonly ctx: Ctx, private readonly recent: RecentFiles) {}

    async provideInlineCompletionItems(
        document: vscode.TextDocument, position: vscode.Position, context: vscode.InlineCompletionContext, token: vscode.CancellationToken,
    ): Promise<vscode.InlineCompletionItem[] | undefined> {
        const settings = readCompletionSettings();
        // The manual trigger command asks even where automatic suggestions are off.
        const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
        if (!manual && !enabledFor(settings, document.languageId)) return undefined;
        if (isExcluded(document, settings.maxFileSize)) return undefined;
        // Completions never load the model by themselves: that is a download or a long load.
        if (this.ctx.status.state !== "ready") return undefined;

        // Suggestions belong to the model that made them.
        if (this.ctx.status.modelPath !== this.cacheModelPath) {
            this.cache.clear();
            this.cacheModelPath = this.ctx.status.modelPath;
        }
        const around = documentContext(document, position, this.recent);
        const key = completionCacheKey(around, settings.maxLines);
        const cached = this.cache.get(key, around.prefix);
        if (cached !== null) {
            this.counters.localCacheHits += 1;
            return items(cached, position, document);
        }
        if (!manual && settings.debounceMs > 0 && !(await debounce(settings.debounceMs, token))) return undefined;

        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
            const client = await this.ctx.ensureClient();
            if (token.isCancellationRequested) return undefined;
            const params = { ...around, maxLines: settings.maxLines };
            this.counters.requestsSent += 1;
            let result;
            try {
                result = await client.request(InlineCompletionRequest, params, abort.signal);
            } catch (error) {
                // The server drops a request when a newer one arrives; VS Code can still be waiting
                // on the older call (it overlaps calls) and would then show nothing until the next
                // keystroke. While this call is live, ask once more.
                if (!supersededOnServer(error) || token.isCancellationRequested) throw error;
                this.counters.requestsSent += 1;
                result = await client.request(InlineCompletionRequest, params, abort.signal);
            }
            this.cache.put(key, around.prefix, result.text);
            return items(result.text, position, document);
        } catch (error) {
            if (!(error instanceof RequestCancelledError)) this.logOnce(error);
            return undefined;
        } finally {
            subscription.dispose();
        }
    }

    /**
     * Right after a suggestion is accepted the next one is computed at once, before the user asks:
     * the answer lands in the cache and is shown if the cursor is still where it was. The next
     * edit of the document cancels it, like any request.
     */
    async prefetchAfterAccept(uri: string): Promise<void> {
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.uri.toString() !== uri) return;
        const settings = readCompletionSettings();
        if (!enabledFor(settings, editor.document.languageId) || isExcluded(editor.document, settings.maxFileSize)) return;
        if (this.ctx.status.state !== "ready" || !this.ctx.serverRunning) return;
        const { document } = editor;
        const position = editor.selection.active;
        const version = document.version;
        const around = documentContext(document, position, this.recent);
        const key = completionCacheKey(around, settings.maxLines);
        if (this.cache.get(key, around.prefix) !== null) return;

        const abort = new AbortController();
        const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
            if (event.document === document) abort.abort();
        });
        try {
            const client = await this.ctx.ensureClient();
            this.counters.speculativeRequests += 1;
            const result = await client.request(InlineCompletionRequest, { ...around, maxLines: settings.maxLines }, abort.signal);
            this.cache.put(key, around.prefix, result.text);
            const still = vscode.window.activeTextEditor;
            if (result.text !== "" && still?.document === document && document.version === version && still.selection.active.isEqual(position)) {
                await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
            }
        } catch (error) {
            if (!(error instanceof RequestCancelledError)) this.logOnce(error);
        } finally {
            subscription.dispose();
        }
    }

    private logOnce(error: unknown): void {
        const message = error instanceof Error ? error.message : String(error);
        if (message === this.lastError) return;
        this.lastError = message;
        this.ctx.output.warn(`inline completion failed: ${message}`);
    }
}

/** The server's own cancellation (LSP RequestCancelled), not one this side asked for. */
function supersededOnServer(error: unknown): boolean {
    return error instanceof RequestCancelledError && error.byServer;
}

function items(text: string, position: vscode.Position, document: vscode.TextDocument): vscode.InlineCompletionItem[] | undefined {
    if (text === "") return undefined;
    const item = new vscode.InlineCompletionItem(text, new vscode.Range(position, position));
    item.command = { command: ACCEPTED_COMMAND, title: "Compute the next suggestion", arguments: [document.uri.toString()] };
    return [item];
}

/** Waits `ms`; false if the keystroke was superseded meanwhile. */
function debounce(ms: number, token: vscode.CancellationToken): Promise<boolean> {
    return new Promise((resolve) => {
        const timer = setTimeout(() => { subscription.dispose(); resolve(!token.isCancellationRequested); }, ms);
        const subscription = token.onCancellationRequested(() => { clearTimeout(timer); subscription.dispose(); resolve(false); });
    });
}
