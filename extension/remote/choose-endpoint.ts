// "Choose Model" → remote endpoint: ask for the URL (prefilled), list the models it serves through
// the server (asking for an API key when the endpoint wants one), let the user pick, then save
// the settings and connect.
import * as vscode from "vscode";
import type { Ctx } from "../ctx.ts";
import { RemoteModelsRequest, type RemoteModel } from "../../protocol/index.ts";
import { readSettings, updateSetting } from "../settings.ts";
import { askForApiKey } from "./api-key.ts";
import { remoteEndpointConfig } from "./endpoint-config.ts";

export async function chooseRemoteEndpoint(ctx: Ctx, presetUrl?: string): Promise<void> {
    const settings = readSettings();
    const baseUrl = presetUrl ?? await vscode.window.showInputBox({
        title: "OpenAI-compatible endpoint",
        prompt: "vLLM / SGLang: http://host:8000/v1 · Ollama: http://localhost:11434/v1 · LM Studio: http://localhost:1234/v1 · llama-server: http://host:8080/v1",
        value: settings.remoteEndpoint || "http://localhost:8000/v1",
        ignoreFocusOut: true,
        validateInput: (value) => /^https?:\/\/[^\s/]+/i.test(value.trim()) ? undefined : "An http:// or https:// URL",
    });
    if (!baseUrl) return;
    const models = await listModels(ctx, baseUrl.trim());
    const inUse = (id: string) => settings.modelSource === "remote" && settings.remoteEndpoint.trim() === baseUrl.trim() && settings.remoteModel === id;
    if (models === null) return;
    const picked = models.length === 0
        ? await vscode.window.showInputBox({ title: "Model name", prompt: "The endpoint lists no models; the name it serves gpt-oss under", value: settings.remoteModel, ignoreFocusOut: true })
        : (await vscode.window.showQuickPick(
            // The model in use first, so Enter keeps it (a single pick has no preselection).
            [...models].sort((a, b) => Number(inUse(b.id)) - Number(inUse(a.id))).map((model) => ({
                label: model.id,
                description: [model.contextSize ? `${model.contextSize} ctx` : "", inUse(model.id) ? "in use" : ""].filter(Boolean).join(" · ") || undefined,
            })),
            { title: `Models on ${baseUrl.trim()}`, placeHolder: "The model serving gpt-oss" },
        ))?.label;
    if (!picked) return;
    await ctx.writeSettings(async () => {
        await updateSetting("remote.endpoint", baseUrl.trim());
        await updateSetting("remote.model", picked);
        await updateSetting("model.source", "remote");
    });
    await ctx.loadModel();
}

/** The endpoint's models, asking once for a key on a 401; null when the user gave up. */
async function listModels(ctx: Ctx, baseUrl: string): Promise<RemoteModel[] | null> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
            const client = await ctx.ensureClient();
            const config = await remoteEndpointConfig(readSettings(), ctx.extension.secrets, { baseUrl });
            const { models } = await ctx.withoutTrace(() => client.request(RemoteModelsRequest, config));
            return models;
        } catch (error) {
            const code = (error as { data?: { code?: string } }).data?.code;
            if (code === "unauthorized" && attempt === 0 && await askForApiKey(ctx.extension.secrets, baseUrl)) continue;
            ctx.reportError(error);
            return null;
        }
    }
    return null;
}
