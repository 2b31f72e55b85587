// The webview's only door to the extension. Outgoing messages are typed; incoming ones are
// parsed with the shared schema, so a malformed message is dropped here instead of half-rendered.
// Tests swap in their own `VsCodeApi` (the harness page defines acquireVsCodeApi).
import { ToWebview, type ToExtension } from "../protocol/webview.ts";

export interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Messenger {
    post(message: ToExtension): void;
    onMessage(handler: (message: ToWebview) => void): void;
}

export function createMessenger(api: VsCodeApi = acquireVsCodeApi(), target: Window = window): Messenger {
    return {
        post: (message) => api.postMessage(message),
        onMessage(handler) {
            target.addEventListener("message", (event: MessageEvent) => {
                const parsed = ToWebview.safeParse(event.data);
                if (parsed.success) handler(parsed.data);
                else console.warn("gpt-oss chat: dropped a malformed message", parsed.error.issues);
            });
        },
    };
}
