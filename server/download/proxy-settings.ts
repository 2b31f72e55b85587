// Which proxy the server's HTTP requests go through: VS Code's http.proxy when set (the server
// process cannot read VS Code's settings, so the extension passes them), else the environment's
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl and npm read them. Pure, so it is unit-tested.
import type { NetworkSettings } from "../../protocol/index.ts";

export interface ProxyChoice {
    httpProxy: string;
    httpsProxy: string;
    /** Comma-separated hosts reached directly. */
    noProxy: string;
    strictSSL: boolean;
    /** Where the proxy came from, for the log and messages. */
    from: "http.proxy" | "environment";
}

function envValue(env: NodeJS.ProcessEnv, name: string): string {
    return (env[name] ?? env[name.toLowerCase()] ?? "").trim();
}

/** null: no proxy anywhere, requests go out directly. */
export function chooseProxy(settings: NetworkSettings | undefined, env: NodeJS.ProcessEnv): ProxyChoice | null {
    const strictSSL = settings?.strictSSL ?? true;
    const configured = settings?.proxy.trim() ?? "";
    if (configured !== "") {
        const noProxy = settings!.noProxy.map((host) => host.trim()).filter(Boolean);
        return { httpProxy: configured, httpsProxy: configured, noProxy: noProxy.join(","), strictSSL, from: "http.proxy" };
    }
    const httpProxy = envValue(env, "HTTP_PROXY");
    const httpsProxy = envValue(env, "HTTPS_PROXY") || httpProxy;
    if (httpProxy === "" && httpsProxy === "") return null;
    return { httpProxy: httpProxy || httpsProxy, httpsProxy, noProxy: envValue(env, "NO_PROXY"), strictSSL, from: "environment" };
}

/** Whether `host` (no port) is exempt by a NO_PROXY-style list: exact names, `.domain` or `domain` suffixes, `*`. */
export function bypassesProxy(host: string, noProxy: string): boolean {
    const name = host.toLowerCase().replace(/^\[|\]$/g, "");
    return noProxy.split(/[,\s]+/).filter(Boolean).some((entry) => {
        const rule = entry.toLowerCase().replace(/:\d+$/, "");
        if (rule === "*") return true;
        const domain = rule.replace(/^\*?\./, "");
        return name === domain || name.endsWith(`.${domain}`);
    });
}

/** The proxy's address without credentials, for messages: "proxy.example:3128". */
export function proxyLabel(proxyUrl: string): string {
    try {
        return new URL(proxyUrl).host;
    } catch {
        return "(an address that is not a URL)";
    }
}
