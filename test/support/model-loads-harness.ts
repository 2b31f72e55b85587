// The extension's model-loading path (ModelLoads, the typed client) against the real server,
// with VS Code's configuration replaced by SettingsDouble: a named test double that stores each
// write and fires the change event afterwards, one event per write, as VS Code does. The
// configuration listener here is the one extension/main.ts registers (loads on a model setting
// change while a model is ready or failed), and every error the user would be shown is counted.
import { LoadRequest, NOT_LOADED_STATUS, RequestCancelledError, type EngineStatus } from "../../protocol/index.ts";
import { ModelLoads } from "../../extension/model-loads.ts";
import { testConfig, type ServerHandle } from "./server-process.ts";

/** Test double of VS Code's user settings: a map plus a change event fired after each write. */
export class SettingsDouble {
    readonly values = new Map<string, unknown>();
    private readonly listeners: Array<(key: string) => void> = [];

    onDidChange(listener: (key: string) => void): void {
        this.listeners.push(listener);
    }

    update(key: string, value: unknown): Promise<void> {
        this.values.set(key, value);
        // VS Code writes the settings file, then tells listeners; the write's promise may settle first.
        return new Promise((resolve) => setImmediate(() => {
            for (const listener of this.listeners) listener(key);
            resolve();
        }));
    }
}

export interface LoadsHarness {
    settings: SettingsDouble;
    loads: ModelLoads;
    /** Load requests sent to the server, with the model path each named. */
    sent: string[];
    /** Errors the user would have seen. */
    errors: string[];
    status(): EngineStatus;
    /** Choose Model → a local file, as extension/commands.ts does it. */
    chooseLocal(file: string): Promise<boolean>;
    reload(): Promise<boolean>;
    unload(): Promise<void>;
    /** Resolves once every change event already scheduled has been delivered. */
    settled(): Promise<void>;
    /** The loads the configuration listener started, in order. */
    listenerLoads: Array<Promise<boolean>>;
}

export function loadsHarness(server: ServerHandle, contextSize = 2048): LoadsHarness {
    const settings = new SettingsDouble();
    const sent: string[] = [];
    const errors: string[] = [];
    let status: EngineStatus = NOT_LOADED_STATUS;
    server.client.onStatus((next) => { status = next; });
    const loads = new ModelLoads({
        settingsKey: () => JSON.stringify([settings.values.get("model.source"), settings.values.get("model.localPath")]),
        async loadFromSettings(isCurrent) {
            const source = settings.values.get("model.source");
            const file = settings.values.get("model.localPath");
            if (source !== "local" || typeof file !== "string") throw new Error(`gptOss.model.source is ${String(source)}: nothing to load`);
            if (!isCurrent()) throw new RequestCancelledError(LoadRequest.method);
            sent.push(file);
            status = await server.client.load(testConfig(file, { contextSize }));
        },
        reportError: (error) => errors.push(error instanceof Error ? error.message : String(error)),
    });
    // extension/main.ts's configuration listener.
    const listenerLoads: Array<Promise<boolean>> = [];
    settings.onDidChange((key) => {
        if (!key.startsWith("model.") || (status.state !== "ready" && status.state !== "error")) return;
        const started = loads.settingsChanged();
        if (started) listenerLoads.push(started);
    });
    return {
        settings, loads, sent, errors, listenerLoads,
        status: () => status,
        async chooseLocal(file) {
            await loads.writeSettings(async () => {
                await settings.update("model.localPath", file);
                await settings.update("model.source", "local");
            });
            return loads.load();
        },
        reload: () => loads.load(),
        async unload() {
            loads.supersede();
            try {
                status = await server.client.unload();
            } catch (error) {
                if (!(error instanceof RequestCancelledError)) errors.push(error instanceof Error ? error.message : String(error));
            }
        },
        settled: () => new Promise((resolve) => setImmediate(resolve)),
    };
}
