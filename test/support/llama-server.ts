// llama.cpp's own llama-server, the real OpenAI-compatible server many gpt-oss users run, built
// from the llama.cpp source node-llama-cpp ships (scripts/llama-server/build.sh) and started on a
// scripted synthetic gpt-oss GGUF. Not a double: its HTTP layer, chat template (--jinja with the
// GGUF's gpt-oss template), harmony parser and grammar sampling are llama.cpp's.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { EngineConfig, RemoteEndpointConfig } from "../../protocol/index.ts";
import { remoteConfig } from "./remote-config.ts";
import { REPO_ROOT } from "./server-process.ts";

const BUILD_SCRIPT = path.join(REPO_ROOT, "scripts", "llama-server", "build.sh");

/** The name the server lists the model under (--alias), as a user's `-hf ggml-org/gpt-oss-20b-GGUF` run would show a name. */
export const LLAMA_SERVER_MODEL = "gpt-oss-20b";

let binary: Promise<string> | undefined;

/**
 * The built llama-server. Runs the build script, which returns at once when the build is cached,
 * waits (through its lock) for the build `npm test` started in the background, or builds now.
 * GPT_OSS_LLAMA_SERVER_BIN points at another binary instead.
 */
export function llamaServerBinary(): Promise<string> {
    const override = process.env.GPT_OSS_LLAMA_SERVER_BIN;
    if (override) return Promise.resolve(override);
    binary ??= new Promise((resolve, reject) => {
        const build = spawn("sh", [BUILD_SCRIPT], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        build.stdout.on("data", (chunk: Buffer) => { out += chunk.toString(); });
        // Progress lines ("waiting for it", "built in ... s") go to the test output as they come.
        build.stderr.on("data", (chunk: Buffer) => {
            err += chunk.toString();
            process.stderr.write(chunk);
        });
        build.on("error", reject);
        build.on("exit", (code) => {
            const found = out.trim().split("\n").at(-1) ?? "";
            if (code === 0 && found !== "") resolve(found);
            else reject(new Error(`building llama-server failed (exit ${code}):\n${err.trim().split("\n").slice(-12).join("\n")}`));
        });
    });
    return binary;
}

export interface LlamaServerHandle {
    /** e.g. http://127.0.0.1:PORT/v1, as a user would enter it. */
    baseUrl: string;
    /** http://127.0.0.1:PORT, for llama-server's own routes (/health, /slots, /props). */
    origin: string;
    process: ChildProcess;
    /** Every line llama-server logged. */
    logs: string[];
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    /** Kills the server (SIGKILL: nothing of it needs to survive) and waits for it to be gone. */
    kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test process that ends without its teardown must not leave servers behind.
process.on("exit", () => { for (const child of running) child.kill("SIGKILL"); });

export interface LlamaServerOptions {
    /** A GGUF file, normally a scripted synthetic gpt-oss model. */
    model: string;
    /** Context size (-c); the synthetic model trains on 8192. */
    contextSize?: number;
    extraArgs?: string[];
}

/**
 * Starts llama-server on a free loopback port (--port 0: the server picks one and logs it) and
 * resolves once it has loaded the model and listens. One slot (-np 1), so a request that keeps
 * its slot would hold up the next one; one thread, the machine is shared.
 */
export async function startLlamaServer(options: LlamaServerOptions): Promise<LlamaServerHandle> {
    const executable = await llamaServerBinary();
    const args = [
        "-m", options.model, "--alias", LLAMA_SERVER_MODEL, "--jinja",
        "--host", "127.0.0.1", "--port", "0", "-c", String(options.contextSize ?? 8192), "-np", "1",
        "-t", "1", "-tb", "1", "--no-warmup", "--no-webui",
        ...(options.extraArgs ?? []),
    ];
    const child = spawn(executable, args, { stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
    }));
    const logs: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
        const onLine = (line: string) => {
            logs.push(line);
            // Logged after the model is loaded, with the port --port 0 bound.
            const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
            if (listening) resolve(Number(listening[1]));
        };
        for (const stream of [child.stdout!, child.stderr!]) {
            let pending = "";
            stream.on("data", (chunk: Buffer) => {
                pending += chunk.toString();
                const lines = pending.split("\n");
                pending = lines.pop()!;
                for (const line of lines) onLine(line);
            });
        }
        child.once("error", reject);
        void exited.then(({ code, signal }) => reject(new Error(`llama-server exited (${code ?? signal}) before listening:\n${logs.slice(-20).join("\n")}`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    return {
        baseUrl: `${origin}/v1`, origin, process: child, logs, exited,
        async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            await exited;
        },
    };
}

/**
 * The load config for this server's model. The stall timeout is generous: on a busy machine a
 * real server may pause between tokens, and these tests are not about timeouts.
 */
export function llamaServerConfig(baseUrl: string, overrides: Partial<RemoteEndpointConfig> = {}): EngineConfig {
    return remoteConfig(baseUrl, { model: LLAMA_SERVER_MODEL, timeoutSeconds: 300, ...overrides });
}
