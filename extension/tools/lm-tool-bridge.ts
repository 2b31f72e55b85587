// Runs a tool another extension registered (vscode.lm.tools) for the server: the server's agent
// loop decides to call it, the extension host invokes it, and its parts come back as text.
// The invocation has no chat token (it is not part of a VS Code chat request); our own approval
// dialog has already asked when the tool is not read-only.
import * as vscode from "vscode";

export async function invokeLmTool(name: string, input: Record<string, unknown>, token: vscode.CancellationToken): Promise<{ text: string; isError: boolean }> {
    if (!vscode.lm.tools.some((tool) => tool.name === name)) return { text: `The VS Code tool ${name} is not registered any more.`, isError: true };
    try {
        const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
        return { text: resultText(result), isError: false };
    } catch (error) {
        if (token.isCancellationRequested) throw error;
        return { text: error instanceof Error ? error.message : String(error), isError: true };
    }
}

function resultText(result: vscode.LanguageModelToolResult): string {
    return result.content.map((part) => {
        if (part instanceof vscode.LanguageModelTextPart) return part.value;
        if (part instanceof vscode.LanguageModelPromptTsxPart) return JSON.stringify(part.value);
        if (part instanceof vscode.LanguageModelDataPart) {
            return part.mimeType.startsWith("text/") || part.mimeType === "application/json"
                ? new TextDecoder().decode(part.data)
                : `[${part.mimeType}, ${part.data.byteLength} bytes, not shown]`;
        }
        return "";
    }).join("\n");
}
