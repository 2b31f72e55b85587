// The palette commands and the status bar's menu. Each works whether or not the server runs:
// the ones that need it start it.
import * as vscode from "vscode";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Ctx } from "./ctx.ts";
import { statusText } from "./status-text.ts";
import { readSettings, updateSetting } from "./settings.ts";
import { askForApiKey } from "./remote/api-key.ts";
import { chooseRemoteEndpoint } from "./remote/choose-endpoint.ts";

export const GPT_OSS_20B = "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf";

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand("gptOss.loadModel", () => ctx.loadModel()),
        vscode.commands.registerCommand("gptOss.unloadModel", () => ctx.unloadModel()),
        vscode.commands.registerCommand("gptOss.showLog", () => ctx.output.show(true)),
        vscode.commands.registerCommand("gptOss.restartServer", () => ctx.restartServer()),
        vscode.commands.registerCommand("gptOss.chooseModel", () => chooseModel(ctx)),
        vscode.commands.registerCommand("gptOss.setApiKey", () => setApiKey(ctx)),
        vscode.commands.registerCommand("gptOss.showStatusMenu", () => showStatusMenu(ctx)),
    ];
}

interface MenuItem extends vscode.QuickPickItem { run(): unknown }

async function showStatusMenu(ctx: Ctx): Promise<void> {
    const status = ctx.status;
    const loaded = status.state === "ready";
    const items: MenuItem[] = [
        { label: loaded ? "$(refresh) Reload Model" : "$(play) Load Model", run: () => ctx.loadModel() },
        ...(loaded || status.state === "loading" ? [{ label: "$(debug-stop) Unload Model", run: () => ctx.unloadModel() }] : []),
        { label: "$(library) Choose Model", run: () => chooseModel(ctx) },
        { label: "$(output) Show Log", run: () => ctx.output.show(true) },
        { label: "$(debug-restart) Restart Server", run: () => ctx.restartServer() },
    ];
    const picked = await vscode.window.showQuickPick(items, {
        title: statusText({ status, downloadFraction: null, server: ctx.serverRunning ? "running" : "stopped", sandboxSummary: null }).replace(/\$\([^)]*\)\s*/g, ""),
        placeHolder: status.error?.message ?? status.notice ?? status.modelPath ?? "No model loaded",
    });
    await picked?.run();
}

async function chooseModel(ctx: Ctx): Promise<void> {
    const downloaded = await downloadedModels(ctx.extension.globalStorageUri);
    const items: MenuItem[] = [
        ...downloaded.map((file): MenuItem => ({
            label: `$(check) ${path.basename(file)}`, description: "downloaded",
            run: () => useLocalFile(ctx, file),
        })),
        { label: "$(cloud-download) gpt-oss-20b", description: "download from Hugging Face (12.1 GB)", run: () => useHuggingFace(ctx, GPT_OSS_20B) },
        { label: "$(cloud-download) Other Hugging Face model…", description: "hf:<user>/<repo>/<file>.gguf", run: () => askHuggingFaceUri(ctx) },
        { label: "$(file) Local GGUF file…", description: "a gpt-oss GGUF already on this machine", run: () => pickLocalFile(ctx) },
        ...remoteItems(ctx),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: "gpt-oss: Choose Model" });
    await picked?.run();
}

/** The configured endpoint (one click to use it) and a way to name another. */
function remoteItems(ctx: Ctx): MenuItem[] {
    const settings = readSettings();
    const configured = settings.remoteEndpoint.trim();
    return [
        ...(configured === "" ? [] : [{
            label: `$(remote) ${settings.remoteModel}`, description: `remote endpoint ${configured}`,
            run: () => chooseRemoteEndpoint(ctx, configured),
        }]),
        { label: "$(remote) Remote endpoint…", description: "vLLM, SGLang, Ollama, LM Studio, llama-server or a cloud (OpenAI-compatible)", run: () => chooseRemoteEndpoint(ctx) },
    ];
}

/** Stores the key for the configured endpoint, then reconnects if the endpoint is in use. */
async function setApiKey(ctx: Ctx): Promise<void> {
    const endpoint = readSettings().remoteEndpoint.trim();
    if (endpoint === "") {
        void vscode.window.showWarningMessage("gpt-oss: set the remote endpoint first (\"gpt-oss: Choose Model\" → Remote endpoint…).");
        return;
    }
    if (!(await askForApiKey(ctx.extension.secrets, endpoint))) return;
    if (readSettings().modelSource === "remote" && ctx.status.state !== "not-loaded") await ctx.loadModel();
}

async function downloadedModels(storage: vscode.Uri): Promise<string[]> {
    const folder = path.join(storage.fsPath, "models");
    try {
        return (await readdir(folder)).filter((name) => name.endsWith(".gguf")).map((name) => path.join(folder, name));
    } catch {
        return [];
    }
}

async function useLocalFile(ctx: Ctx, file: string): Promise<void> {
    await ctx.writeSettings(async () => {
        await updateSetting("model.localPath", file);
        await updateSetting("model.source", "local");
    });
    await ctx.loadModel();
}

export async function useHuggingFace(ctx: Ctx, uri: string): Promise<void> {
    await ctx.writeSettings(async () => {
        await updateSetting("model.huggingFaceUri", uri);
        await updateSetting("model.source", "huggingface");
    });
    await ctx.loadModel();
}

async function askHuggingFaceUri(ctx: Ctx): Promise<void> {
    const uri = await vscode.window.showInputBox({
        title: "Hugging Face model",
        prompt: "A GGUF file on Hugging Face, as hf:<user>/<repo>/<file>.gguf",
        value: "hf:",
        validateInput: (value) => /^hf:[^/\s]+\/[^/\s]+(\/[^\s]+)?$/.test(value) ? undefined : "Expected hf:<user>/<repo>/<file>.gguf",
    });
    if (uri) await useHuggingFace(ctx, uri);
}

export async function pickLocalFile(ctx: Ctx): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "GGUF model": ["gguf"] }, title: "Choose a gpt-oss GGUF file" });
    if (picked?.[0]) await useLocalFile(ctx, picked[0].fsPath);
}
