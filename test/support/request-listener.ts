// Test HTTP servers answer with async handlers; node:http ignores the promise a listener returns,
// so a handler that throws would be an unhandled rejection with the request left hanging. This
// turns the failure into a dropped connection, which the code under test reports as one.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export function requestListener(handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): RequestListener {
    return (request, response) => {
        handle(request, response).catch((error: unknown) => {
            response.destroy(error instanceof Error ? error : new Error(String(error)));
        });
    };
}
