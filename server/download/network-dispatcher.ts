// Points every fetch() in the server (node-llama-cpp's downloader calls the global fetch, and so
// does the remote engine's client) at the chosen proxy, by installing undici's proxy-aware
// dispatcher as Node's global one. Re-installed only when the choice changes.
import { Agent, EnvHttpProxyAgent, setGlobalDispatcher } from "undici";
import type { NetworkSettings } from "../../protocol/index.ts";
import { log } from "../log.ts";
import { chooseProxy, proxyLabel, type ProxyChoice } from "./proxy-settings.ts";

/** What is installed: null while Node's own dispatcher is in use (no proxy was ever needed). */
let installed: string | null = null;

/** Applies the settings (or the environment) and returns the proxy now in force, if any. */
export function applyNetworkSettings(settings: NetworkSettings | undefined, env: NodeJS.ProcessEnv = process.env): ProxyChoice | null {
    const choice = chooseProxy(settings, env);
    const key = JSON.stringify(choice);
    if (key === (installed ?? "null")) return choice;
    if (choice === null) {
        // Node's own dispatcher stays until a proxy is needed: with undici's Agent in its place,
        // a cancelled download lost its partial file (test/integration/model-download.test.ts).
        // Back from a proxy to none, a plain Agent is the closest to it.
        setGlobalDispatcher(new Agent());
        installed = key;
        log.info("network: direct connections (no proxy set in http.proxy or the environment)");
        return null;
    }
    installed = key;
    const tls = choice.strictSSL ? {} : { rejectUnauthorized: false };
    setGlobalDispatcher(new EnvHttpProxyAgent({
        httpProxy: choice.httpProxy,
        httpsProxy: choice.httpsProxy,
        noProxy: choice.noProxy,
        requestTls: tls,
        proxyTls: tls,
    }));
    log.info(`network: through the proxy ${proxyLabel(choice.httpsProxy)} (from ${choice.from})${choice.noProxy ? `, direct for ${choice.noProxy}` : ""}`);
    return choice;
}
