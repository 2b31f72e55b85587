// What VS Code's model list shows for gpt-oss before and after loading, embedded and remote.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NOT_LOADED_STATUS, type EngineStatus } from "../../protocol/index.ts";
import { modelInfo, type ModelInfoSource } from "../../extension/lm/model-info.ts";

const settings: Omit<ModelInfoSource, "status"> = {
    modelSource: "huggingface",
    huggingFaceUri: "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf",
    localPath: "",
    remoteModel: "openai/gpt-oss-120b",
    contextSize: 16384,
};
const ready = (change: Partial<EngineStatus>): EngineStatus => ({ ...NOT_LOADED_STATUS, state: "ready", ...change });

test("before loading: the model the settings name, with the context size the setting asks for", () => {
    const info = modelInfo({ status: NOT_LOADED_STATUS, ...settings });
    assert.equal(info.name, "gpt-oss-20b.MXFP4");
    assert.equal(info.family, "gpt-oss");
    assert.equal(info.id, "gpt-oss-local");
    assert.equal(info.maxInputTokens + info.maxOutputTokens, 16384);
    assert.equal(info.maxOutputTokens, 4096);
    assert.deepEqual(info.capabilities, { toolCalling: true, imageInput: false });
});

test("once loaded: the model's own name and the context the server really gave it", () => {
    const info = modelInfo({ status: ready({ modelName: "gpt-oss-20b", contextSize: 8192 }), ...settings });
    assert.equal(info.name, "gpt-oss-20b");
    assert.equal(info.maxInputTokens + info.maxOutputTokens, 8192, "reduced to fit in memory: the list follows");
    assert.match(info.tooltip, /8,192-token context/);
});

test("a small window still leaves room for an answer", () => {
    const info = modelInfo({ status: ready({ contextSize: 512 }), ...settings });
    assert.equal(info.maxOutputTokens, 256);
    assert.equal(info.maxInputTokens, 256);
});

test("remote and local sources are told apart by id and detail", () => {
    const remote = modelInfo({ status: NOT_LOADED_STATUS, ...settings, modelSource: "remote" });
    assert.equal(remote.id, "gpt-oss-remote");
    assert.equal(remote.name, "openai/gpt-oss-120b");
    assert.equal(remote.detail, "remote endpoint");
    const local = modelInfo({ status: NOT_LOADED_STATUS, ...settings, modelSource: "local", localPath: "/models/my-gpt-oss.gguf" });
    assert.equal(local.name, "my-gpt-oss");
    assert.equal(local.detail, "on this machine");
});
