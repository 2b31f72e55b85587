// Settings of agent tasks (gptOss.agent.*), checked with zod like the rest.
import * as vscode from "vscode";
import { z } from "zod";
import { ReasoningEffort } from "../../protocol/index.ts";
import { checkedSettings } from "../settings.ts";

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
    return checkedSettings(AgentSettings, {
        reasoningEffort: config.get("reasoningEffort"),
        maxSteps: config.get("maxSteps"),
        maxTokens: config.get("maxTokens"),
        verify: config.get("verify"),
        checkCommand: config.get("checkCommand"),
        repairRounds: config.get("repairRounds"),
    }, { what: "gpt-oss agent settings" });
}
