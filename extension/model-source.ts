// Turns the model settings into a file on disk: a local path as it is, a Hugging Face model
// downloaded into the extension's storage after the user agrees (with a cancellable progress
// notification; a second try resumes).
import * as vscode from "vscode";
import path from "node:path";
import type { DownloadSource, GptOssClient, NetworkSettings } from "../protocol/index.ts";
import type { Settings } from "./settings.ts";
import { formatBytes, progressMessage } from "./format.ts";
import type { ModelStep } from "./status-text.ts";

export class ModelSourceError extends Error {
    constructor(message: string, readonly actions: readonly string[] = []) {
        super(message);
        this.name = "ModelSourceError";
    }
}

/** Told each step before loading (checking, asking, downloading), then null when it is over. */
export interface StepObserver {
    (step: ModelStep | null): void;
}

/** VS Code's proxy settings, which the server process cannot read by itself. */
export function networkSettings(): NetworkSettings {
    const http = vscode.workspace.getConfiguration("http");
    return {
        proxy: http.get<string>("proxy") ?? "",
        noProxy: http.get<string[]>("noProxy") ?? [],
        strictSSL: http.get<boolean>("proxyStrictSSL") ?? true,
    };
}

export function downloadSource(settings: Settings, storage: vscode.Uri): DownloadSource {
    return {
        uri: settings.huggingFaceUri,
        huggingFaceEndpoint: settings.huggingFaceEndpoint,
        directory: modelDirectory(storage),
        network: networkSettings(),
    };
}

/** Where downloaded models are kept: the extension's global storage. */
export function modelDirectory(storage: vscode.Uri): string {
    return path.join(storage.fsPath, "models");
}

/** The site a download comes from, as the user knows it ("huggingface.co"). */
export function siteName(source: DownloadSource): string {
    try {
        if (/^https?:\/\//i.test(source.uri)) return new URL(source.uri).host;
        return new URL(source.huggingFaceEndpoint.trim() || "https://huggingface.co").host;
    } catch {
        return "the download site";
    }
}

export async function resolveModelPath(
    settings: Settings, client: GptOssClient, storage: vscode.Uri, onStep: StepObserver,
): Promise<string> {
    switch (settings.modelSource) {
        case "local":
            if (settings.localPath.trim() === "") {
                throw new ModelSourceError("No model file is set: choose a gpt-oss GGUF file (gptOss.model.localPath).", ["Choose Model"]);
            }
            return settings.localPath;
        case "remote":
            // The endpoint's URL stands in for the file (the status shows it); the server connects to it.
            if (!/^https?:\/\/[^\s/]+/i.test(settings.remoteEndpoint.trim())) {
                throw new ModelSourceError("No remote endpoint is set: enter the URL of an OpenAI-compatible server (gptOss.remote.endpoint).", ["Choose Model"]);
            }
            return settings.remoteEndpoint.trim();
        case "huggingface":
            try {
                return await downloadIfNeeded(downloadSource(settings, storage), client, onStep);
            } finally {
                onStep(null);
            }
    }
}

async function downloadIfNeeded(source: DownloadSource, client: GptOssClient, onStep: StepObserver): Promise<string> {
    onStep({ kind: "checking", site: siteName(source) });
    const info = await client.modelFileInfo(source);
    if (info.downloaded) return info.path;

    // The name the user chose (the URI's last part), not the downloader's on-disk name.
    const fileName = source.uri.split(/[/:]/).filter(Boolean).at(-1) ?? path.basename(info.path);
    onStep({ kind: "asking", fileName });
    const answer = await vscode.window.showInformationMessage(
        `gpt-oss Assistant needs ${fileName} (${formatBytes(info.totalBytes)}) to run on this machine. Download it now?`,
        { modal: true, detail: `It is stored in ${source.directory} and used offline afterwards. An interrupted download resumes.` },
        "Download", "Choose Model",
    );
    if (answer === "Choose Model") throw new ModelSourceError("Choose a model to load.", ["Choose Model"]);
    if (answer !== "Download") throw new ModelSourceError("The model download was declined.");

    return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading ${fileName}`, cancellable: true },
        async (progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            let reported = 0;
            onStep({ kind: "downloading", fraction: 0 });
            return client.download(source, (update) => {
                const fraction = update.totalBytes > 0 ? update.downloadedBytes / update.totalBytes : 0;
                const percent = Math.floor(fraction * 100);
                progress.report({ increment: Math.max(0, percent - reported), message: progressMessage(percent, update.bytesPerSecond, update.secondsLeft) });
                reported = Math.max(reported, percent);
                onStep({ kind: "downloading", fraction });
            }, abort.signal);
        },
    );
}
