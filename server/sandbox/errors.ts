// A run that was refused rather than run. It is an error, not a result with empty output, so no
// caller can mistake "nothing ran" for "it ran and printed nothing".
import type { SandboxRefusal } from "../../protocol/sandbox.ts";

export class SandboxRefusedError extends Error {
    constructor(readonly code: SandboxRefusal["code"], message: string) {
        super(message);
        this.name = "SandboxRefusedError";
    }

    /** For the `data` of the JSON-RPC error the server sends back. */
    toRefusal(): SandboxRefusal {
        return { code: this.code, message: this.message };
    }
}
