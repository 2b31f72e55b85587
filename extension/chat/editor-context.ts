// Reads context for a question from the editor: the selection, the current file, or the
// workspace's problems. Large files are cut so one attachment cannot take the whole window.
import * as vscode from "vscode";
import type { AttachmentKind } from "../../protocol/webview.ts";
import type { ContextItem } from "./chat-host.ts";

const MAX_CHARS = 40_000;
const MAX_PROBLEMS = 100;

function cut(text: string): string {
    return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n… (cut at ${MAX_CHARS} characters)` : text;
}

export async function readEditorContext(kind: AttachmentKind): Promise<ContextItem | undefined> {
    const editor = vscode.window.activeTextEditor;
    switch (kind) {
        case "selection": {
            if (!editor || editor.selection.isEmpty) return undefined;
            const { start, end } = editor.selection;
            const name = vscode.workspace.asRelativePath(editor.document.uri);
            return { label: `${name}:${start.line + 1}-${end.line + 1}`, text: cut(editor.document.getText(editor.selection)) };
        }
        case "file": {
            if (!editor) return undefined;
            return { label: vscode.workspace.asRelativePath(editor.document.uri), text: cut(editor.document.getText()) };
        }
        case "problems": {
            const lines: string[] = [];
            for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
                for (const diagnostic of diagnostics) {
                    if (diagnostic.severity > vscode.DiagnosticSeverity.Warning) continue;
                    const severity = diagnostic.severity === vscode.DiagnosticSeverity.Error ? "error" : "warning";
                    lines.push(`${vscode.workspace.asRelativePath(uri)}:${diagnostic.range.start.line + 1}: ${severity}: ${diagnostic.message}`);
                }
            }
            if (lines.length === 0) return undefined;
            const shown = lines.slice(0, MAX_PROBLEMS);
            return { label: `Problems (${lines.length})`, text: shown.join("\n") + (lines.length > shown.length ? `\n… ${lines.length - shown.length} more` : "") };
        }
    }
}
