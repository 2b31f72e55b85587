// Checks a model file before native code sees it: llama.cpp aborts the whole process on some
// malformed files, and "not a GGUF" is clearer than an assertion in a C++ source file.
import { stat } from "node:fs/promises";
import path from "node:path";
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import { EngineError, errorMessage } from "./engine-error.ts";
import { readGgufHeader } from "./gguf-header.ts";

export interface ModelFileFacts {
    name: string;
    architecture: string;
    trainContextSize: number | null;
    fileBytes: number;
}

export interface ModelFileExpectations {
    /** The setting that names the file, for the "not found" message. */
    setting: string;
    /** The only architecture accepted; null accepts any (a fill-in-the-middle code model). */
    architecture: string | null;
}

const GPT_OSS_FILE: ModelFileExpectations = { setting: "gptOss.model.localPath", architecture: "gpt-oss" };

export async function checkModelFile(modelPath: string, expect: ModelFileExpectations = GPT_OSS_FILE): Promise<ModelFileFacts> {
    const fileName = path.basename(modelPath);
    let fileBytes: number;
    try {
        const info = await stat(modelPath);
        if (!info.isFile()) throw new Error("not a file");
        fileBytes = info.size;
    } catch {
        throw new EngineError("model-not-found", `Model file not found: ${modelPath}. Check ${expect.setting} or choose another model.`);
    }

    const header = await readGgufHeader(modelPath);
    if ("problem" in header) throw new EngineError("model-invalid", `${fileName} is not a valid GGUF model file: ${header.problem}.`);

    let ggufInfo: Awaited<ReturnType<typeof readGgufFileInfo>>;
    try {
        ggufInfo = await readGgufFileInfo(modelPath, { readTensorInfo: true, logWarnings: false });
    } catch (error) {
        throw new EngineError("model-invalid", `${fileName} is not a valid GGUF model file (${errorMessage(error)}).`, { cause: error });
    }

    const architecture = String(ggufInfo.metadata?.general?.architecture ?? "unknown");
    if (expect.architecture !== null && architecture !== expect.architecture) {
        throw new EngineError("model-invalid", `${fileName} is a "${architecture}" model; gpt-oss Assistant needs a gpt-oss GGUF (gpt-oss-20b or gpt-oss-120b).`);
    }

    // A download cut short still has a readable header; its tensor data runs past the end.
    const tensorDataEnd = await minimumFileBytes(ggufInfo);
    if (tensorDataEnd !== null && tensorDataEnd > fileBytes) {
        throw new EngineError("model-invalid", `${fileName} is truncated: it holds ${fileBytes} bytes but its tensors need ${tensorDataEnd}. Download it again.`);
    }

    const contextLength = (ggufInfo.architectureMetadata as { context_length?: number } | undefined)?.context_length;
    return {
        name: String(ggufInfo.metadata?.general?.name ?? fileName),
        architecture,
        trainContextSize: typeof contextLength === "number" ? contextLength : null,
        fileBytes,
    };
}

/** Where the tensor data must at least reach: its start plus the tensors' total size (padding only adds). */
async function minimumFileBytes(info: Awaited<ReturnType<typeof readGgufFileInfo>>): Promise<number | null> {
    const tensors = info.fullTensorInfo ?? info.tensorInfo;
    if (tensors === undefined || tensors.length === 0) return null;
    const dataStart = Math.min(...tensors.map((tensor) => Number(tensor.fileOffset)));
    const insights = await GgufInsights.from(info);
    return dataStart + insights.modelSize;
}
