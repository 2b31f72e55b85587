// Starts the real language server bundle (dist/server.mjs) as the extension does, over Node IPC,
// and talks to it with vscode-jsonrpc: the same wire protocol and the same typed GptOssClient
// the extension uses through vscode-languageclient (which itself needs a running VS Code).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { GptOssClient, NOT_LOADED_STATUS, type EngineConfig, type EngineStatus } from "../../protocol/index.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SERVER_BUNDLE = path.join(REPO_ROOT, "dist", "server.mjs");

export interface ServerHandle {
    client: GptOssClient;
    connection: MessageConnection;
    child: ChildProcess;
    /** Every log line the server sent (window/logMessage). */
    logs: string[];
    /** Resolves when the process exits, with its exit code or signal. */
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    stop(): Promise<void>;
}

export async function startServer(): Promise<ServerHandle> {
    const child = fork(SERVER_BUNDLE, ["--node-ipc", `--clientProcessId=${process.pid}`], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    const stderr: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const logs: string[] = [];
    connection.onNotification("window/logMessage", (params: { message: string }) => { logs.push(params.message); });
    connection.listen();
    await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification("initialized", {});
    const client = new GptOssClient({
        sendRequest: (method, params, token) => connection.sendRequest(method, params, token as never),
        onNotification: (method, handler) => connection.onNotification(method, handler),
    });
    let stopped = false;
    return {
        client, connection, child, logs, exited,
        async stop() {
            if (stopped) return;
            stopped = true;
            if (child.exitCode === null && child.signalCode === null) {
                await Promise.race([
                    (async () => {
                        await connection.sendRequest("shutdown").catch(() => undefined);
                        await connection.sendNotification("exit").catch(() => undefined);
                    })(),
                    // Clean-up after a test, not a check: a server that no longer answers (a crash
                    // test killed it, a test left it stuck) is not waited on for ever.
                    new Promise((resolve) => setTimeout(resolve, 3000)),
                ]);
                const timer = setTimeout(() => child.kill("SIGKILL"), 3000); // likewise: end a server that ignores exit
                await exited;
                clearTimeout(timer);
            }
            connection.dispose();
        },
    };
}

export function testConfig(modelPath: string, overrides: Partial<EngineConfig> = {}): EngineConfig {
    return { modelPath, gpu: "cpu", contextSize: 2048, threads: 1, ...overrides };
}

/** Waits for the first status notification that satisfies `predicate`. */
export function waitForStatus(client: GptOssClient, predicate: (status: EngineStatus) => boolean, timeoutMs = 30_000): Promise<EngineStatus> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { subscription.dispose(); reject(new Error("timed out waiting for status")); }, timeoutMs);
        const subscription = client.onStatus((status) => {
            if (!predicate(status)) return;
            clearTimeout(timer);
            subscription.dispose();
            resolve(status);
        });
    });
}

export { NOT_LOADED_STATUS };
