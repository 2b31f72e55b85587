// The load request built from the settings: which of them reach the server, and when the
// fill-in-the-middle model goes with gpt-oss.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EngineConfig } from "../../protocol/index.ts";
import { engineConfig } from "../../extension/engine-config.ts";
import type { Settings } from "../../extension/settings.ts";

const SETTINGS: Settings = {
    modelSource: "local", huggingFaceUri: "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf", huggingFaceEndpoint: "",
    localPath: "/models/gpt-oss-20b.gguf", loadOnStartup: false, remoteEndpoint: "", remoteModel: "openai/gpt-oss-120b",
    remoteTimeoutSeconds: 120, remoteHeaders: {}, remoteCompletions: "auto", gpu: "auto", contextSize: 16384,
    reasoningEffort: "medium", threads: 0, fimModelPath: "", sandboxMode: "sandbox", sandboxIfUnavailable: "ask",
};
const REMOTE = { baseUrl: "http://gpu-box:8000/v1", model: "openai/gpt-oss-120b", apiKey: "", timeoutSeconds: 120, headers: {}, completionMode: "auto" as const };

test("an embedded model: the file and the machine settings, nothing else", () => {
    const config = engineConfig(SETTINGS, "/models/gpt-oss-20b.gguf", undefined);
    assert.deepEqual(config, { modelPath: "/models/gpt-oss-20b.gguf", gpu: "auto", contextSize: 16384, threads: 0 });
    assert.ok(EngineConfig.safeParse(config).success);
});

test("a FIM model path goes with an embedded gpt-oss, trimmed; a blank one does not", () => {
    const withFim = engineConfig({ ...SETTINGS, fimModelPath: "  /models/qwen2.5-coder-1.5b.gguf " }, "/models/gpt-oss-20b.gguf", undefined);
    assert.equal(withFim.completionModelPath, "/models/qwen2.5-coder-1.5b.gguf");
    assert.ok(EngineConfig.safeParse(withFim).success);
    assert.equal("completionModelPath" in engineConfig({ ...SETTINGS, fimModelPath: "   " }, "/m.gguf", undefined), false);
});

test("with a remote endpoint the FIM model is not sent: nothing runs on this machine", () => {
    const config = engineConfig({ ...SETTINGS, modelSource: "remote", fimModelPath: "/models/coder.gguf" }, "http://gpu-box:8000/v1", REMOTE);
    assert.deepEqual(config.remote, REMOTE);
    assert.equal("completionModelPath" in config, false);
});
