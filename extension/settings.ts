// The extension's settings, read once per use and checked with zod: a hand-edited settings.json
// with a wrong type gets a clear message instead of odd behaviour deep inside the server.
import * as vscode from "vscode";
import { z } from "zod";
import { GpuSetting, ReasoningEffort, RemoteCompletionMode, SandboxIfUnavailable, SandboxMode, SpeculationConfig } from "../protocol/index.ts";

export const SECTION = "gptOss";

export const Settings = z.object({
    modelSource: z.enum(["huggingface", "local", "remote"]),
    huggingFaceUri: z.string(),
    huggingFaceEndpoint: z.string(),
    localPath: z.string(),
    loadOnStartup: z.boolean(),
    remoteEndpoint: z.string(),
    remoteModel: z.string(),
    remoteTimeoutSeconds: z.number().positive().max(3600),
    remoteHeaders: z.record(z.string(), z.string()),
    remoteCompletions: RemoteCompletionMode,
    gpu: GpuSetting,
    contextSize: z.number().int().min(512).max(131072),
    reasoningEffort: ReasoningEffort,
    threads: z.number().int().min(0).max(256),
    fimModelPath: z.string(),
    sandboxMode: SandboxMode,
    sandboxIfUnavailable: SandboxIfUnavailable,
    /** Absent: the server's defaults. */
    speculation: SpeculationConfig.optional(),
});
export type Settings = z.infer<typeof Settings>;

export function readSettings(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const raw = {
        modelSource: config.get("model.source"),
        huggingFaceUri: config.get("model.huggingFaceUri"),
        huggingFaceEndpoint: config.get("model.huggingFaceEndpoint"),
        localPath: config.get("model.localPath"),
        loadOnStartup: config.get("model.loadOnStartup"),
        remoteEndpoint: config.get("remote.endpoint"),
        remoteModel: config.get("remote.model"),
        remoteTimeoutSeconds: config.get("remote.timeoutSeconds"),
        remoteHeaders: config.get("remote.headers"),
        remoteCompletions: config.get("remote.completions"),
        gpu: config.get("gpu"),
        contextSize: config.get("contextSize"),
        reasoningEffort: config.get("reasoningEffort"),
        threads: config.get("threads"),
        fimModelPath: config.get("completions.fimModelPath"),
        sandboxMode: config.get("sandbox.mode"),
        sandboxIfUnavailable: config.get("sandbox.ifUnavailable"),
        speculation: {
            chat: { enabled: config.get("speculation.enabled"), draftLength: config.get("speculation.draftLength"), minMatch: config.get("speculation.minMatch") },
            completions: {
                enabled: config.get("completions.speculation.enabled"),
                draftLength: config.get("completions.speculation.draftLength"),
                minMatch: config.get("completions.speculation.minMatch"),
            },
            ...draftModel(config.get("speculation.draftModelPath")),
        },
    };
    return checkedSettings(Settings, raw);
}

/** The draft model setting as the protocol takes it: a blank path means none. */
function draftModel(raw: unknown): { draftModelPath?: unknown } {
    if (typeof raw === "string" && raw.trim() === "") return {};
    return { draftModelPath: typeof raw === "string" ? raw.trim() : raw };
}

/**
 * `raw` as `schema` reads it, or an error that names every wrong value (`keyPrefix` + its key)
 * and where to fix it. `what` names the group in the message ("gpt-oss agent settings").
 */
export function checkedSettings<T>(schema: z.ZodType<T>, raw: unknown, { what = "gpt-oss settings", keyPrefix = "" } = {}): T {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${keyPrefix}${issue.path.join(".")}: ${issue.message}`).join("; ");
        throw new Error(`Invalid ${what} (${problems}). Fix them in Settings › gpt-oss Assistant.`);
    }
    return parsed.data;
}

/** Settings whose change means the loaded model must be loaded again. */
export const MODEL_SETTINGS = [
    "model.source", "model.huggingFaceUri", "model.huggingFaceEndpoint", "model.localPath", "gpu", "contextSize", "threads",
    "remote.endpoint", "remote.model", "remote.timeoutSeconds", "remote.headers", "remote.completions",
    "completions.fimModelPath",
    "speculation.enabled", "speculation.draftLength", "speculation.minMatch",
    "completions.speculation.enabled", "completions.speculation.draftLength", "completions.speculation.minMatch", "speculation.draftModelPath",
].map((key) => `${SECTION}.${key}`);

/** Settings the sandbox follows. */
export const SANDBOX_SETTINGS = ["sandbox.mode", "sandbox.ifUnavailable"].map((key) => `${SECTION}.${key}`);

export async function updateSetting(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
