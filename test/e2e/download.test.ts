// First use with the model set to download: the user is asked before 0.5 GB… or 12 GB leave a
// server, sees a progress notification and the status bar count up, and ends with the model
// ready. The Hugging Face stand-in on 127.0.0.1 serves a synthetic gpt-oss GGUF slowly enough
// for the progress to be seen.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before } from "node:test";
import { createRandomModel } from "../fixtures/synthetic-model/index.ts";
import { startModelHttpServer, type ModelHttpServer } from "../support/model-http-server.ts";
import { e2eTest } from "./harness/e2e-test.ts";
import { Dialog } from "./pages/dialog.ts";

let hub: ModelHttpServer;
let modelBytes = 0;

before(async () => {
    // Small vocabulary: the download is under test, not the tokenizer; o200k_harmony would make the file ~200 MB.
    const model = await readFile(await createRandomModel({ seed: 21, embeddingLength: 256, blockCount: 2, expertCount: 8, expertFeedForwardLength: 256, expertType: "f32", vocabulary: "small" }));
    modelBytes = model.length;
    // ~2.5 MB/s: the download lasts a few seconds.
    hub = await startModelHttpServer({ "test/gpt-oss-tiny/gpt-oss-tiny.gguf": { bytes: model } }, 64 * 1024, 25);
});
after(() => hub.close());

e2eTest(
    "first use asks before downloading, shows progress, and ends ready",
    {
        settingsFor: () => ({
            "gptOss.model.source": "huggingface",
            "gptOss.model.huggingFaceUri": "hf:test/gpt-oss-tiny/gpt-oss-tiny.gguf",
            "gptOss.model.huggingFaceEndpoint": hub.endpoint,
        }),
    },
    async ({ workbench, checkpoint }) => {
        const dialog = new Dialog(workbench.page);
        await workbench.palette.run("gpt-oss: Load Model");
        const asked = await dialog.waitFor(/needs gpt-oss-tiny\.gguf \([\d.]+ MB\) to run on this machine\. Download it now\?/);
        assert.match(asked.message, new RegExp(`\\(${(modelBytes / 1e6).toFixed(1)} MB\\)`));
        await checkpoint("asked before downloading");
        assert.equal(hub.requests.filter((request) => request.rangeStart !== null).length, 0, "nothing is downloaded before the user agrees");

        const { seen } = await workbench.statusBar.watch(async () => {
            await dialog.click("Download");
            const progress = await workbench.notifications.waitFor(/Downloading gpt-oss-tiny\.gguf/, { timeout: 30_000 });
            assert.match(progress, /Downloading gpt-oss-tiny\.gguf/);
            await checkpoint("download progress notification");
            return workbench.statusBar.waitForText(/^gpt-oss: (ready|error)/, { timeout: 120_000 });
        });
        assert.ok(seen.some((text) => /^gpt-oss: downloading \d+ %$/.test(text)), `status went ${seen.join(" → ")}`);
        assert.equal(seen.at(-1), "gpt-oss: ready (CPU, 2048 ctx)", `status went ${seen.join(" → ")}`);
        await checkpoint("ready after the download");
    },
);
