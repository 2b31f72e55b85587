// Tool names harmony can take. A VS Code or MCP tool name may hold characters a harmony function
// name may not ("-" in MCP tools, for one: mcp_github_get-issue), so each request (or agent task)
// gets a two-way table between the caller's names and names the engine accepts. Calls the model
// makes are reported under the caller's name again. Shared by the extension's lm provider and the
// server's MCP tools.

const VALID = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_LENGTH = 64;

export class ToolNames {
    private readonly toEngine = new Map<string, string>();
    private readonly toCaller = new Map<string, string>();

    constructor(callerNames: Iterable<string>) {
        for (const name of callerNames) this.add(name);
    }

    /** The engine's name for a caller's tool; a name first seen here (a call in history) is added. */
    engineName(callerName: string): string {
        return this.toEngine.get(callerName) ?? this.add(callerName);
    }

    /** The caller's name for a tool the model called; a name nobody declared comes back as it is. */
    callerName(engineName: string): string {
        return this.toCaller.get(engineName) ?? engineName;
    }

    private add(callerName: string): string {
        const existing = this.toEngine.get(callerName);
        if (existing !== undefined) return existing;
        const base = sanitize(callerName);
        let candidate = base;
        for (let suffix = 2; this.toCaller.has(candidate); suffix += 1) {
            const tail = `_${suffix}`;
            candidate = base.slice(0, MAX_LENGTH - tail.length) + tail;
        }
        this.toEngine.set(callerName, candidate);
        this.toCaller.set(candidate, callerName);
        return candidate;
    }
}

function sanitize(name: string): string {
    if (VALID.test(name)) return name;
    let cleaned = name.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
    return cleaned.slice(0, MAX_LENGTH);
}
