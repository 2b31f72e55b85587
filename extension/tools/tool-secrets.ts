// Secrets of MCP servers (tokens in env, Authorization headers) live in VS Code's SecretStorage
// (the OS keychain) under gptOss.tools.secret.<NAME>; settings hold only `${secret:NAME}`.
import type * as vscode from "vscode";

const PREFIX = "gptOss.tools.secret.";

export class ToolSecrets {
    constructor(private readonly storage: vscode.SecretStorage) {}

    get(name: string): Thenable<string | undefined> {
        return this.storage.get(PREFIX + name);
    }

    set(name: string, value: string): Thenable<void> {
        return value === "" ? this.storage.delete(PREFIX + name) : this.storage.store(PREFIX + name, value);
    }
}
