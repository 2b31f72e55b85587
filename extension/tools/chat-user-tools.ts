// The user's tools for chat turns, kept ready: a chat turn's workspace is built synchronously,
// but filling in secrets is not, so this is refreshed whenever the tool settings, the secrets or
// this workspace's choices change. Off unless gptOss.tools.inChat is on. A server whose settings
// name a secret is left out while JSON-RPC tracing is on (the chat request would carry it into
// the trace).
import * as vscode from "vscode";
import type { ExternalToolSettings } from "../../protocol/index.ts";
import { SECTION } from "../settings.ts";
import type { ToolSecrets } from "./tool-secrets.ts";
import { toolsForRequest } from "./tool-settings.ts";
import type { ToolState } from "./tool-state.ts";

export class ChatUserTools implements vscode.Disposable {
    private current: ExternalToolSettings | undefined;
    private generation = 0;
    private readonly subscriptions: vscode.Disposable[];

    constructor(private readonly state: ToolState, private readonly secrets: ToolSecrets, secretEvents: vscode.SecretStorage, private readonly output: vscode.LogOutputChannel) {
        this.subscriptions = [
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration(`${SECTION}.tools`) || event.affectsConfiguration(`${SECTION}.trace.server`)) this.refresh();
            }),
            secretEvents.onDidChange(() => this.refresh()),
            vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
        ];
        this.refresh();
    }

    /** What a chat turn offers now; undefined: nothing (off, untrusted, none configured). */
    get(): ExternalToolSettings | undefined {
        return this.current;
    }

    refresh(): void {
        const generation = ++this.generation;
        void this.compute().then((tools) => {
            if (generation === this.generation) this.current = tools;
        }, (error: unknown) => this.output.warn(`chat tools: ${error instanceof Error ? error.message : String(error)}`));
    }

    private async compute(): Promise<ExternalToolSettings | undefined> {
        const config = vscode.workspace.getConfiguration(SECTION);
        if (!vscode.workspace.isTrusted || config.get<boolean>("tools.inChat") !== true) return undefined;
        const tracing = (config.get<string>("trace.server") ?? "off") !== "off";
        const raw = config.get<Record<string, unknown>>("tools.mcpServers") ?? {};
        const found = await toolsForRequest(this.state, this.secrets);
        if (found === null) return undefined;
        if (!tracing) return found.tools;
        const withSecret = new Set(Object.entries(raw).filter(([, entry]) => JSON.stringify(entry).includes("${secret:")).map(([name]) => name));
        return { ...found.tools, mcpServers: Object.fromEntries(Object.entries(found.tools.mcpServers).filter(([name]) => !withSecret.has(name))) };
    }

    dispose(): void {
        for (const subscription of this.subscriptions) subscription.dispose();
    }
}
