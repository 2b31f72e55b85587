// An error the user should read: a code the extension can act on, and a message in plain words.
import type { ErrorCode } from "../../protocol/index.ts";

export class EngineError extends Error {
    constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = "EngineError";
    }
}

/** `error` as an EngineError: itself when it is one, else an "internal" one carrying its message. */
export function toEngineError(error: unknown): EngineError {
    return error instanceof EngineError ? error : new EngineError("internal", errorMessage(error), { cause: error });
}

export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
