// The server's shutdown (LSP `shutdown`, before `exit`): every service is disposed, in order,
// and the answer goes back only when all of them are done, so nothing the server started (a
// sandbox run, an agent task's python session, an MCP server, the model) outlives it. One step
// failing is logged and does not skip the rest.
import { errorMessage } from "./engine/engine-error.ts";
import { log } from "./log.ts";

export type ShutdownStep = readonly [what: string, dispose: () => unknown];

export async function shutdown(steps: readonly ShutdownStep[]): Promise<void> {
    for (const [what, dispose] of steps) {
        try {
            await dispose();
        } catch (error) {
            log.error(`shutdown: disposing ${what} failed: ${errorMessage(error)}`);
        }
    }
    log.info("shutdown: every service disposed");
}
