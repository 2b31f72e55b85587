// Which hosts the browser tool may fetch from without asking. An entry names a domain and covers
// its subdomains ("example.com" allows "docs.example.com"), never the other way round and never
// by plain suffix ("example.com" does not allow "badexample.com"). IP addresses match exactly:
// a suffix rule on dotted numbers would let "0.0.1" allow "127.0.0.1".

/**
 * The host an allow-list entry names, in the form URL parsing gives hostnames (lowercase,
 * punycode, IPv6 in brackets), so entries and fetched URLs compare equal. Users write entries
 * many ways ("Example.com", "*.example.com", "https://example.com/docs", "example.com:8080"):
 * all of those name example.com. Returns null for an entry that names no host.
 */
export function normalizeAllowedDomain(entry: string): string | null {
    let text = entry.trim();
    if (text.startsWith("*.")) text = text.slice(2);
    else if (text.startsWith(".")) text = text.slice(1);
    if (text === "") return null;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
    let hostname: string;
    try {
        hostname = new URL(withScheme).hostname;
    } catch {
        return null;
    }
    return normalizeHost(hostname);
}

/** A hostname as compared here: lowercase, without the trailing dot of a fully qualified name. */
export function normalizeHost(hostname: string): string | null {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    return host === "" ? null : host;
}

export function isIpAddress(host: string): boolean {
    return host.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** True when `hostname` (as in `new URL(...).hostname`) is on the list or under a domain on it. */
export function isHostAllowed(hostname: string, allowedDomains: readonly string[]): boolean {
    const host = normalizeHost(hostname);
    if (host === null) return false;
    for (const entry of allowedDomains) {
        const domain = normalizeAllowedDomain(entry);
        if (domain === null) continue;
        if (host === domain) return true;
        if (!isIpAddress(host) && !isIpAddress(domain) && host.endsWith(`.${domain}`)) return true;
    }
    return false;
}
