// gpt-oss as a VS Code language-model chat provider: VS Code's model picker and any extension
// calling vscode.lm.selectChatModels({ vendor: "gpt-oss" }) reach the same engine the extension's
// own chat uses. The model loads on the first request (asking to download it first if needed).
import * as vscode from "vscode";
import { CountTokensRequest } from "../../protocol/index.ts";
import type { Ctx } from "../ctx.ts";
import { readSettings } from "../settings.ts";
import { parseModelOptions, respond } from "./chat-response.ts";
import { countingText, type PartClasses } from "./message-mapping.ts";
import { modelInfo } from "./model-info.ts";
import { ReasoningMemory } from "./reasoning-memory.ts";

export const VS_CODE_PARTS: PartClasses = {
    Text: vscode.LanguageModelTextPart,
    ToolCall: vscode.LanguageModelToolCallPart,
    ToolResult: vscode.LanguageModelToolResultPart,
    Data: vscode.LanguageModelDataPart,
    PromptTsx: vscode.LanguageModelPromptTsxPart,
};

/** Harmony's framing of one message (<|start|>, role, <|message|>, <|end|>), which its text does not count. */
const MESSAGE_FRAMING_TOKENS = 4;

/** Settings whose change changes what the model list shows. */
const MODEL_LIST_SETTINGS = ["gptOss.model", "gptOss.remote.model", "gptOss.contextSize"];

export class GptOssChatProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<void>();
    readonly onDidChangeLanguageModelChatInformation = this.changed.event;
    private readonly memory = new ReasoningMemory();
    private readonly subscriptions: vscode.Disposable[];
    private loading: Promise<boolean> | null = null;
    private shown = "";

    constructor(private readonly ctx: Ctx) {
        this.subscriptions = [
            this.changed,
            ctx.onDidChangeStatus(() => this.refresh()),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (MODEL_LIST_SETTINGS.some((key) => event.affectsConfiguration(key))) this.refresh();
            }),
        ];
    }

    provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
        const info = this.info();
        this.shown = JSON.stringify(info);
        return [info];
    }

    async provideLanguageModelChatResponse(
        _model: vscode.LanguageModelChatInformation,
        messages: readonly vscode.LanguageModelChatRequestMessage[],
        options: vscode.ProvideLanguageModelChatResponseOptions,
        progress: vscode.Progress<vscode.LanguageModelResponsePart>,
        token: vscode.CancellationToken,
    ): Promise<void> {
        const modelOptions = parseModelOptions(options.modelOptions);
        await this.ensureLoaded();
        const client = await this.ctx.ensureClient();
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
            if (token.isCancellationRequested) return;
            await respond(client, {
                messages,
                tools: options.tools ?? [],
                toolRequired: options.toolMode === vscode.LanguageModelChatToolMode.Required,
                reasoningEffort: modelOptions.reasoningEffort ?? readSettings().reasoningEffort,
                maxTokens: modelOptions.maxTokens,
            }, VS_CODE_PARTS, this.memory, (part) => progress.report(part), abort.signal);
        } finally {
            cancel.dispose();
        }
    }

    async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage, token: vscode.CancellationToken): Promise<number> {
        const flat = typeof text === "string" ? text : countingText(text, VS_CODE_PARTS);
        const client = await this.ctx.ensureClient();
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
            const { tokens } = await client.request(CountTokensRequest, { text: flat }, abort.signal);
            return typeof text === "string" ? tokens : tokens + MESSAGE_FRAMING_TOKENS;
        } finally {
            cancel.dispose();
        }
    }

    /**
     * Loads the model the settings name unless it is ready; concurrent requests share one load,
     * and a load already under way (started from the status bar, say) is waited for, not repeated.
     * A failed load is thrown, not also shown as a notification: VS Code shows the thrown error.
     */
    private async ensureLoaded(): Promise<void> {
        if (this.ctx.status.state === "loading") await this.loadSettled();
        if (this.ctx.status.state === "ready") return;
        this.loading ??= this.ctx.loadModelOrThrow().finally(() => { this.loading = null; });
        if (!(await this.loading)) throw new Error("gpt-oss: no model is loaded. Choose one from the gpt-oss status bar item.");
    }

    private loadSettled(): Promise<void> {
        return new Promise((resolve) => {
            const subscription = this.ctx.onDidChangeStatus((status) => {
                if (status.state === "loading") return;
                subscription.dispose();
                resolve();
            });
        });
    }

    private info(): vscode.LanguageModelChatInformation {
        const settings = readSettings();
        return modelInfo({ status: this.ctx.status, ...settings });
    }

    /** Tells VS Code to ask again, only when what it would show has changed (status fires often). */
    private refresh(): void {
        let next: string;
        try {
            next = JSON.stringify(this.info());
        } catch {
            return; // invalid settings: reported where they are read for loading
        }
        if (next === this.shown) return;
        this.shown = next;
        this.changed.fire();
    }

    dispose(): void {
        for (const subscription of this.subscriptions) subscription.dispose();
    }
}
