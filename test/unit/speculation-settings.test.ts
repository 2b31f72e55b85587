// The speculation settings reach the server with an embedded model (a remote endpoint decodes on
// its own machine, where these settings mean nothing) and fit the protocol's EngineConfig.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { EngineConfig } from "../../protocol/index.ts";
import { engineConfig } from "../../extension/engine-config.ts";
import type { Settings } from "../../extension/settings.ts";
import { DEFAULT_SPECULATION } from "../../server/engine/speculation.ts";
import { REPO_ROOT } from "../support/server-process.ts";

const SPECULATION = { chat: { enabled: true, draftLength: 32, minMatch: 2 }, completions: { enabled: false, draftLength: 8, minMatch: 3 } };
const SETTINGS: Settings = {
    modelSource: "local", huggingFaceUri: "", huggingFaceEndpoint: "", localPath: "/models/gpt-oss-20b.gguf", loadOnStartup: false,
    remoteEndpoint: "", remoteModel: "openai/gpt-oss-120b", remoteTimeoutSeconds: 120, remoteHeaders: {}, remoteCompletions: "auto",
    gpu: "auto", contextSize: 16384, reasoningEffort: "medium", threads: 0, fimModelPath: "", sandboxMode: "sandbox", sandboxIfUnavailable: "ask",
    speculation: SPECULATION,
};
const REMOTE = { baseUrl: "http://gpu-box:8000/v1", model: "openai/gpt-oss-120b", apiKey: "", timeoutSeconds: 120, headers: {}, completionMode: "auto" as const };

test("an embedded model gets the speculation settings as they are", () => {
    const config = engineConfig(SETTINGS, "/models/gpt-oss-20b.gguf", undefined);
    assert.deepEqual(config.speculation, SPECULATION);
    assert.ok(EngineConfig.safeParse(config).success);
});

test("a remote endpoint gets none", () => {
    assert.equal("speculation" in engineConfig({ ...SETTINGS, modelSource: "remote" }, "http://gpu-box:8000/v1", REMOTE), false);
});

test("the server's defaults are valid settings and the same as package.json's", async () => {
    assert.ok(EngineConfig.shape.speculation.unwrap().safeParse(DEFAULT_SPECULATION).success);
    const properties = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")).contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.equal(properties["gptOss.speculation.enabled"]!.default, DEFAULT_SPECULATION.chat.enabled);
    assert.equal(properties["gptOss.speculation.draftLength"]!.default, DEFAULT_SPECULATION.chat.draftLength);
    assert.equal(properties["gptOss.speculation.minMatch"]!.default, DEFAULT_SPECULATION.chat.minMatch);
    assert.equal(properties["gptOss.completions.speculation.enabled"]!.default, DEFAULT_SPECULATION.completions.enabled);
    assert.equal(properties["gptOss.completions.speculation.draftLength"]!.default, DEFAULT_SPECULATION.completions.draftLength);
    assert.equal(properties["gptOss.completions.speculation.minMatch"]!.default, DEFAULT_SPECULATION.completions.minMatch);
});
