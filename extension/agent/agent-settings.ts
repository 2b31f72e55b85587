// Settings of agent tasks (gptOss.agent.*), checked with zod like the rest.
import * as vscode from "vscode";
import { z } from "zod";
import { ReasoningEffort } from "../../protocol/index.ts";

export const AgentSettings = z.object({
    reasoningEffort: ReasoningEffort,
    maxSteps: z.number().int().min(1).max(100),
    maxTokens: z.number().int().min(256).max(1_000_000),
    verify: z.boolean(),
    checkCommand: z.string(),
    repairRounds: z.number().int().min(0).max(5),
});
export type AgentSettings = z.infer<typeof AgentSettings>;

export function readAgentSettings(): AgentSettings {
    const config = vscode.workspace.getConfiguration("gptOss.agent");
    const parsed = AgentSettings.safeParse({
        reasoningEffort: config.get("reasoningEffort"),
        maxSteps: config.get("maxSteps"),
        maxTokens: config.get("maxTokens"),
        verify: config.get("verify"),
        checkCommand: config.get("checkCommand"),
        repairRounds: config.get("repairRounds"),
    });
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
        throw new Error(`Invalid gpt-oss agent settings (${problems}). Fix them in Settings › gpt-oss Assistant.`);
    }
    return parsed.data;
}
