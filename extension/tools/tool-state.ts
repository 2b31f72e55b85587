// What the user chose about their tools in this workspace (VS Code's workspace state, not
// settings): which tools are turned off (the quick pick) and which may run without asking
// ("always allow" in the approval dialog). Tool ids: mcp:<server>/<tool>, lm:<name>.
import type * as vscode from "vscode";

const DISABLED = "gptOss.tools.disabled";
const ALWAYS_ALLOW = "gptOss.tools.alwaysAllow";

export class ToolState {
    constructor(private readonly memento: vscode.Memento) {}

    get disabled(): string[] {
        return this.list(DISABLED);
    }

    get alwaysAllow(): string[] {
        return this.list(ALWAYS_ALLOW);
    }

    setDisabled(ids: readonly string[]): Thenable<void> {
        return this.memento.update(DISABLED, [...new Set(ids)].sort());
    }

    allowAlways(id: string): Thenable<void> {
        return this.memento.update(ALWAYS_ALLOW, [...new Set([...this.alwaysAllow, id])].sort());
    }

    private list(key: string): string[] {
        const value = this.memento.get<unknown>(key);
        return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
    }
}
