// Downloads a model with node-llama-cpp's downloader (resumable: an interrupted download keeps
// its partial file and continues on the next try). A finished download is checked as a GGUF
// before it counts, and remembered in a small receipt so later starts work offline.
import { readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import { createModelDownloader, type ModelDownloader } from "node-llama-cpp";
import type { DownloadSource, ModelFileInfo } from "../../protocol/index.ts";
import { EngineError, errorMessage } from "../engine/engine-error.ts";
import { checkModelFile } from "../engine/model-file-check.ts";
import { log } from "../log.ts";
import { applyNetworkSettings } from "./network-dispatcher.ts";
import { checkSiteAnswers, siteOf, withinSeconds } from "./site-check.ts";

export interface DownloadProgress {
    downloadedBytes: number;
    totalBytes: number;
    bytesPerSecond: number;
    secondsLeft: number | null;
}

interface Receipt { uri: string; path: string; bytes: number }

function receiptPath(source: DownloadSource): string {
    const key = createHash("sha256").update(`${source.huggingFaceEndpoint}\n${source.uri}`).digest("hex").slice(0, 16);
    return path.join(source.directory, `.download-${key}.json`);
}

async function readReceipt(source: DownloadSource): Promise<Receipt | null> {
    try {
        const receipt = JSON.parse(await readFile(receiptPath(source), "utf8")) as Receipt;
        const info = await stat(receipt.path);
        return info.size === receipt.bytes ? receipt : null;
    } catch {
        return null;
    }
}

/** How long the downloader may take to learn the file's size once the site has answered. */
const SIZE_CHECK_SECONDS = 20;

async function createDownloader(source: DownloadSource, onProgress?: (progress: DownloadProgress) => void): Promise<ModelDownloader> {
    await mkdir(source.directory, { recursive: true });
    const proxy = applyNetworkSettings(source.network);
    // The downloader's own first request has no timeout and retries by itself: a silent site is
    // found out here first, within seconds, with a message that says what to do.
    await checkSiteAnswers(source, proxy);
    try {
        return await withinSeconds(createModelDownloader({
            modelUri: source.uri,
            dirPath: source.directory,
            showCliProgress: false,
            // ipull saves resume metadata only when skipExisting is off; a finished file is
            // recognised by our receipt instead.
            skipExisting: false,
            deleteTempFileOnCancel: false,
            parallelDownloads: 1,
            ...(source.huggingFaceEndpoint ? { endpoints: { huggingFace: source.huggingFaceEndpoint } } : {}),
            onProgress: onProgress && ((status) => onProgress({
                downloadedBytes: status.downloadedSize,
                totalBytes: status.totalSize,
                bytesPerSecond: status.averageSpeed,
                secondsLeft: Number.isFinite(status.estimatedTimeLeft) && status.estimatedTimeLeft >= 0 ? status.estimatedTimeLeft / 1000 : null,
            })),
        }), SIZE_CHECK_SECONDS, `${siteOf(source).host} answered, but the size of ${source.uri} did not arrive within ${SIZE_CHECK_SECONDS} s. Try again later, or use a GGUF file you already have: "gpt-oss: Choose Model".`);
    } catch (error) {
        if (error instanceof EngineError) throw error;
        throw new EngineError("download-failed", `Cannot reach ${source.uri}: ${errorMessage(error)}`, { cause: error });
    }
}

export async function modelFileInfo(source: DownloadSource): Promise<ModelFileInfo> {
    const receipt = await readReceipt(source);
    if (receipt) return { path: receipt.path, downloaded: true, totalBytes: receipt.bytes };
    const downloader = await createDownloader(source);
    return { path: downloader.entrypointFilePath, downloaded: false, totalBytes: downloader.totalSize };
}

export async function downloadModel(
    source: DownloadSource, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal | undefined, stallSeconds: number,
): Promise<string> {
    const receipt = await readReceipt(source);
    if (receipt) return receipt.path;

    // node-llama-cpp's downloader retries a dropped connection on its own, forever if the
    // server keeps dropping it: a watchdog stops a download that brings no new bytes.
    const stop = new AbortController();
    signal?.addEventListener("abort", () => stop.abort(), { once: true });
    let lastBytes = -1;
    let lastProgressAt = performance.now();
    const downloader = await createDownloader(source, (progress) => {
        if (progress.downloadedBytes !== lastBytes) {
            lastBytes = progress.downloadedBytes;
            lastProgressAt = performance.now();
        }
        onProgress(progress);
    });
    let stalled = false;
    const watchdog = setInterval(() => {
        if (performance.now() - lastProgressAt < stallSeconds * 1000) return;
        stalled = true;
        stop.abort();
    }, Math.min(1000, stallSeconds * 250));
    const target = downloader.entrypointFilePath;
    log.info(`downloading ${source.uri} (${downloader.totalSize} bytes) to ${target}`);
    try {
        await downloader.download({ signal: stop.signal });
        // node-llama-cpp's download() resolves (rather than throws) when it is aborted.
        if (stalled || stop.signal.aborted) throw new Error("stopped");
    } catch (error) {
        if (stalled) {
            await downloader.cancel({ deleteTempFile: false }).catch(() => undefined);
            throw new EngineError("download-failed", `The download of ${source.uri} stalled: no data arrived for ${stallSeconds} s. Try again to resume it.`);
        }
        if (signal?.aborted) {
            // Keep the partial file: the next try resumes from it.
            await downloader.cancel({ deleteTempFile: false }).catch(() => undefined);
            throw new EngineError("download-cancelled", "The download was cancelled; it will resume from where it stopped on the next try.");
        }
        throw new EngineError("download-failed", `The download of ${source.uri} failed: ${errorMessage(error)}. Try again to resume it.`, { cause: error });
    } finally {
        clearInterval(watchdog);
    }
    if (signal?.aborted) throw new EngineError("download-cancelled", "The download was cancelled; it will resume from where it stopped on the next try.");

    const bytes = (await stat(target)).size;
    try {
        if (downloader.totalSize > 0 && bytes !== downloader.totalSize) {
            throw new EngineError("download-failed", `The downloaded file is ${bytes} bytes but the server announced ${downloader.totalSize}.`);
        }
        await checkModelFile(target);
    } catch (error) {
        await rm(target, { force: true });
        throw new EngineError("download-failed", `The downloaded model was rejected and deleted: ${errorMessage(error)}`, { cause: error });
    }
    await writeFile(receiptPath(source), JSON.stringify({ uri: source.uri, path: target, bytes } satisfies Receipt));
    log.info(`download complete: ${target}`);
    return target;
}
