// The endpoint's API key lives in VS Code's SecretStorage (the OS keychain), one per endpoint
// origin, so a key set for the team's server is never sent to another address the user tries.
// It is never written to settings.json and never logged.
import * as vscode from "vscode";

function secretName(endpoint: string): string {
    let origin: string;
    try {
        origin = new URL(endpoint.trim()).origin;
    } catch {
        origin = endpoint.trim();
    }
    return `gptOss.remote.apiKey:${origin}`;
}

export async function readApiKey(secrets: vscode.SecretStorage, endpoint: string): Promise<string> {
    return (await secrets.get(secretName(endpoint))) ?? "";
}

/**
 * Asks for the key of `endpoint` (hidden input) and stores it; an empty answer removes it.
 * Returns false when the user dismissed the box.
 */
export async function askForApiKey(secrets: vscode.SecretStorage, endpoint: string): Promise<boolean> {
    const hasKey = (await readApiKey(secrets, endpoint)) !== "";
    const key = await vscode.window.showInputBox({
        title: `API key for ${endpoint}`,
        prompt: hasKey ? "Enter a new key, or leave empty to remove the stored one." : "Stored in the OS keychain through VS Code's SecretStorage, never in settings.",
        password: true,
        ignoreFocusOut: true,
        placeHolder: "sk-…",
    });
    if (key === undefined) return false;
    if (key.trim() === "") await secrets.delete(secretName(endpoint));
    else await secrets.store(secretName(endpoint), key.trim());
    return true;
}
