// Registers gpt-oss in VS Code's language-model list and the sandbox as a language-model tool,
// each behind its own setting; changing a setting registers or removes it at once.
import * as vscode from "vscode";
import type { Ctx } from "../ctx.ts";
import { GptOssChatProvider } from "./chat-provider.ts";
import { VENDOR } from "./model-info.ts";
import { SANDBOX_TOOL_NAME } from "./sandbox-tool-text.ts";
import { SandboxTool } from "./sandbox-tool.ts";

export const PROVIDER_SETTING = "gptOss.languageModel.enabled";
export const TOOL_SETTING = "gptOss.languageModel.sandboxTool";

/** A registration that exists exactly while its boolean setting is true. */
class SettingToggle implements vscode.Disposable {
    private registration: vscode.Disposable | null = null;

    constructor(private readonly setting: string, private readonly register: () => vscode.Disposable) {
        this.update();
    }

    update(): void {
        const [section, ...rest] = this.setting.split(".");
        const enabled = vscode.workspace.getConfiguration(section).get<unknown>(rest.join(".")) !== false;
        if (enabled && this.registration === null) this.registration = this.register();
        if (!enabled && this.registration !== null) {
            this.registration.dispose();
            this.registration = null;
        }
    }

    dispose(): void {
        this.registration?.dispose();
        this.registration = null;
    }
}

export function registerLanguageModelFeatures(ctx: Ctx): vscode.Disposable[] {
    const toggles = [
        new SettingToggle(PROVIDER_SETTING, () => {
            const provider = new GptOssChatProvider(ctx);
            return vscode.Disposable.from(vscode.lm.registerLanguageModelChatProvider(VENDOR, provider), provider);
        }),
        new SettingToggle(TOOL_SETTING, () => vscode.lm.registerTool(SANDBOX_TOOL_NAME, new SandboxTool(ctx))),
    ];
    const watcher = vscode.workspace.onDidChangeConfiguration((event) => {
        for (const [setting, toggle] of [[PROVIDER_SETTING, toggles[0]!], [TOOL_SETTING, toggles[1]!]] as const) {
            if (event.affectsConfiguration(setting)) toggle.update();
        }
    });
    return [...toggles, watcher];
}
