// A failed context creation is reported as what it was (issue 16, defect 7): only memory
// failures send the user to free memory.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { InsufficientMemoryError } from "node-llama-cpp";
import { contextCreationError } from "../../server/engine/context-error.ts";
import { EngineError } from "../../server/engine/engine-error.ts";

describe("context creation failures", () => {
    test("an unrelated failure is not called a memory shortage, and keeps its own message", () => {
        const error = contextCreationError(new Error("ggml_backend: unsupported operation SWA on this device"));
        assert.notEqual(error.code, "out-of-memory");
        assert.doesNotMatch(error.message, /memory/i);
        assert.match(error.message, /unsupported operation SWA/);
    });

    test("node-llama-cpp's memory error is a memory shortage, with its figures and what to do", () => {
        const error = contextCreationError(new InsufficientMemoryError("A context size of 512 is too large for the available VRAM"));
        assert.equal(error.code, "out-of-memory");
        assert.match(error.message, /512 is too large for the available VRAM/);
        assert.match(error.message, /gptOss\.contextSize/);
    });

    test("an engine error (a cancelled load) passes through unchanged", () => {
        const cancelled = new EngineError("cancelled", "Loading was cancelled.");
        assert.equal(contextCreationError(cancelled), cancelled);
    });
});
