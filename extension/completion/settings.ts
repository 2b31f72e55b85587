// Completion settings (gptOss.completions.*), checked with zod like the rest of the extension's.
import * as vscode from "vscode";
import { z } from "zod";

export const COMPLETIONS_SECTION = "gptOss.completions";

export const CompletionSettings = z.object({
    enabled: z.boolean(),
    /** Per language id: false turns automatic suggestions off there; "*" is the default. */
    languages: z.record(z.string(), z.boolean()),
    debounceMs: z.number().int().min(0).max(2000),
    maxLines: z.number().int().min(1).max(50),
    /** Files larger than this (characters) get no suggestions. */
    maxFileSize: z.number().int().min(1000),
});
export type CompletionSettings = z.infer<typeof CompletionSettings>;

const FALLBACK: CompletionSettings = { enabled: true, languages: { "*": true }, debounceMs: 150, maxLines: 8, maxFileSize: 500_000 };

export function readCompletionSettings(): CompletionSettings {
    const config = vscode.workspace.getConfiguration(COMPLETIONS_SECTION);
    const parsed = CompletionSettings.safeParse({
        enabled: config.get("enabled"),
        languages: config.get("languages"),
        debounceMs: config.get("debounceMs"),
        maxLines: config.get("maxLines"),
        maxFileSize: config.get("maxFileSize"),
    });
    // A hand-edited wrong value must not break typing: fall back and say so once in the log.
    return parsed.success ? parsed.data : FALLBACK;
}

export function enabledFor(settings: CompletionSettings, languageId: string): boolean {
    return settings.enabled && (settings.languages[languageId] ?? settings.languages["*"] ?? true);
}

export async function setGloballyEnabled(enabled: boolean): Promise<void> {
    await vscode.workspace.getConfiguration(COMPLETIONS_SECTION).update("enabled", enabled, vscode.ConfigurationTarget.Global);
}

export async function setLanguageEnabled(languageId: string, enabled: boolean): Promise<void> {
    const config = vscode.workspace.getConfiguration(COMPLETIONS_SECTION);
    const languages = { ...(config.get<Record<string, boolean>>("languages") ?? {}), [languageId]: enabled };
    await config.update("languages", languages, vscode.ConfigurationTarget.Global);
}
