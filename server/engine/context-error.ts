// What a failure to create the model's context means, in words the user can act on. Only a
// memory failure is reported as one: a bug, a wrong setting or an unsupported operation in the
// backend says what it is, rather than sending the user to close GPU programs for nothing.
import { EngineError, errorMessage } from "./engine-error.ts";

/** node-llama-cpp's own memory errors, and the allocation failures llama.cpp reports. */
const MEMORY = /InsufficientMemory|memory|VRAM|\bRAM\b|alloc|too large for the available/i;

export function contextCreationError(error: unknown): EngineError {
    if (error instanceof EngineError) return error;
    const message = errorMessage(error);
    const name = error instanceof Error ? error.name : "";
    if (MEMORY.test(name) || MEMORY.test(message)) {
        return new EngineError("out-of-memory", `Not enough memory for the model's context (${message}). Lower gptOss.contextSize, close other GPU programs or pick a smaller model.`, { cause: error });
    }
    return new EngineError("internal", `The model loaded but its context could not be created: ${message}. "gpt-oss: Show Log" has llama.cpp's own messages.`, { cause: error });
}
