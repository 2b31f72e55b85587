// What VS Code's model list shows for gpt-oss: one entry for the model the settings choose (the
// embedded GGUF or the remote endpoint's model), with the context size the server actually gave
// it once loaded (it can be smaller than asked for, to fit in memory), the setting's before.
import type { EngineStatus } from "../../protocol/index.ts";

export const VENDOR = "gpt-oss";
export const FAMILY = "gpt-oss";

export interface ModelInfoSource {
    status: EngineStatus;
    modelSource: "huggingface" | "local" | "remote";
    huggingFaceUri: string;
    localPath: string;
    remoteModel: string;
    /** The gptOss.contextSize setting. */
    contextSize: number;
}

/** The fields of vscode.LanguageModelChatInformation, as plain data. */
export interface ModelInfo {
    id: string;
    name: string;
    family: string;
    version: string;
    detail: string;
    tooltip: string;
    maxInputTokens: number;
    maxOutputTokens: number;
    capabilities: { toolCalling: boolean; imageInput: boolean };
}

/**
 * A quarter of the window is kept for the answer (reasoning included): callers size their prompt
 * by maxInputTokens, and a prompt that fills the window leaves gpt-oss no room to think.
 */
const OUTPUT_SHARE = 0.25;
const MIN_OUTPUT_TOKENS = 256;

export function modelInfo(source: ModelInfoSource): ModelInfo {
    const remote = source.modelSource === "remote";
    const name = modelName(source);
    const contextSize = source.status.state === "ready" && source.status.contextSize !== null ? source.status.contextSize : source.contextSize;
    const maxOutputTokens = Math.max(MIN_OUTPUT_TOKENS, Math.floor(contextSize * OUTPUT_SHARE));
    const where = remote ? "remote endpoint" : "on this machine";
    return {
        id: remote ? "gpt-oss-remote" : "gpt-oss-local",
        name,
        family: FAMILY,
        version: name,
        detail: where,
        tooltip: `${name} through gpt-oss Assistant (${where}), ${contextSize.toLocaleString("en-US")}-token context`,
        maxInputTokens: Math.max(0, contextSize - maxOutputTokens),
        maxOutputTokens,
        capabilities: { toolCalling: true, imageInput: false },
    };
}

/** The loaded model's own name when there is one, else what the settings point at. */
function modelName(source: ModelInfoSource): string {
    const loaded = source.status.modelName;
    if (loaded && (source.status.state === "ready" || source.status.state === "loading")) return loaded;
    switch (source.modelSource) {
        case "remote":
            return source.remoteModel || "gpt-oss (remote)";
        case "local":
            return fileStem(source.localPath) || "gpt-oss";
        case "huggingface":
            return fileStem(source.huggingFaceUri) || "gpt-oss";
    }
}

function fileStem(pathOrUri: string): string {
    const last = pathOrUri.split(/[\\/:]/).filter(Boolean).at(-1) ?? "";
    return last.replace(/\.gguf$/i, "");
}
