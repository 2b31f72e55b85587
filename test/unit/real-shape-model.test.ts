// The header-only gpt-oss GGUFs have the published models' architecture and tensor table: the
// size computed from their tensors matches the published files, and node-llama-cpp reads them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import { GPT_OSS_MODELS, RealShapeType, isExpertTensor, realShapeModel, type GptOssModelName } from "../fixtures/real-shape-model/index.ts";

const cases: Array<{ name: GptOssModelName; layers: number; experts: number; tensors: number }> = [
    // 459 tensors: the count llama.cpp's loader prints for ggml-org's gpt-oss-20b-mxfp4.gguf.
    { name: "gpt-oss-20b", layers: 24, experts: 32, tensors: 459 },
    { name: "gpt-oss-120b", layers: 36, experts: 128, tensors: 3 + 19 * 36 },
];

for (const { name, layers, experts, tensors } of cases) {
    test(`${name}: the header-only file's computed size is within 1 % of the published file`, async () => {
        const file = await realShapeModel(name);
        const published = GPT_OSS_MODELS[name].publishedFileBytes;
        const difference = Math.abs(file.fullFileBytes - published) / published;
        assert.ok(difference < 0.01, `computed ${file.fullFileBytes} bytes, published ${published} (${(difference * 100).toFixed(2)} % apart)`);
        assert.equal(file.tensors.length, tensors);
        // Only the header is on disk: the weights are never written.
        assert.equal((await stat(file.path)).size, file.headerBytes);
        assert.ok(file.headerBytes < 32 * 2 ** 20, `header is ${file.headerBytes} bytes`);
    });

    test(`${name}: node-llama-cpp reads the architecture and the MXFP4 experts without the weights`, async () => {
        const file = await realShapeModel(name);
        const info = await readGgufFileInfo(file.path);
        const arch = info.architectureMetadata as Record<string, unknown>;
        assert.equal(info.metadata.general.architecture, "gpt-oss");
        assert.equal(arch.block_count, layers);
        assert.equal(arch.expert_count, experts);
        assert.equal(arch.expert_used_count, 4);
        assert.equal(arch.embedding_length, 2880);
        assert.equal(arch.context_length, 131_072);
        assert.equal((arch.attention as Record<string, unknown>).sliding_window, 128);
        assert.equal(info.metadata.tokenizer.ggml.tokens.length, 201_088);
        const tensorInfo = info.fullTensorInfo ?? [];
        assert.equal(tensorInfo.length, tensors);
        const expertTensors = tensorInfo.filter((tensor) => isExpertTensor(tensor.name) && tensor.name.endsWith(".weight"));
        assert.equal(expertTensors.length, 3 * layers);
        assert.ok(expertTensors.every((tensor) => tensor.ggmlType === RealShapeType.MXFP4));

        const insights = await GgufInsights.from(info);
        assert.equal(insights.totalLayers, layers + 1, "blocks plus the output layer");
        assert.equal(insights.trainContextSize, 131_072);
        assert.equal(insights.swaSize, 128);
        const dataBytes = file.fullFileBytes - file.headerBytes;
        assert.ok(Math.abs(insights.modelSize - dataBytes) / dataBytes < 0.01, `insights size ${insights.modelSize}, tensor data ${dataBytes}`);
    });
}
