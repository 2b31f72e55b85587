// When a tool of the user's must ask before it runs: a tool that can change anything asks, every
// time, unless the user chose "always allow" for it (stored by the extension, or answered earlier
// in this task). A tool runs without asking when its MCP annotations say it only reads
// (readOnlyHint) or the user marked it read-only.
export interface ApprovalFacts {
    readonly id: string;
    /** The MCP server's readOnlyHint (lm tools have none). */
    readonly readOnlyHint: boolean;
}

export interface ApprovalPolicy {
    readonly alwaysAllow: readonly string[];
    readonly readOnly: readonly string[];
}

export function isReadOnly(tool: ApprovalFacts, policy: Pick<ApprovalPolicy, "readOnly">): boolean {
    return tool.readOnlyHint || policy.readOnly.includes(tool.id);
}

export function needsApproval(tool: ApprovalFacts, policy: ApprovalPolicy, allowedThisTask: ReadonlySet<string>): boolean {
    if (isReadOnly(tool, policy)) return false;
    return !policy.alwaysAllow.includes(tool.id) && !allowedThisTask.has(tool.id);
}
