// What the agent needs from the editor: unsaved buffers (the text the user sees is the text the
// agent edits) and, on the server's request, the diagnostics VS Code shows.
import path from "node:path";
import * as vscode from "vscode";
import type { Diagnostic, OpenBuffer } from "../../protocol/index.ts";

const SEVERITIES = ["error", "warning", "information", "hint"] as const;

export function openBuffers(folder: vscode.WorkspaceFolder): OpenBuffer[] {
    return vscode.workspace.textDocuments
        .filter((document) => document.isDirty && document.uri.scheme === "file" && vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() === folder.uri.toString())
        .map((document) => ({ path: vscode.workspace.asRelativePath(document.uri, false), text: document.getText() }));
}

/** Answers the server's diagnostics request for a folder (and one file of it when `file` is set). */
export function editorDiagnostics(workspaceRoot: string, file?: string): { diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const wanted = file === undefined ? null : vscode.Uri.file(path.join(workspaceRoot, file)).toString();
    for (const [uri, found] of vscode.languages.getDiagnostics()) {
        if (uri.scheme !== "file") continue;
        const relative = path.relative(workspaceRoot, uri.fsPath);
        if (relative.startsWith("..") || path.isAbsolute(relative)) continue;
        if (wanted !== null && uri.toString() !== wanted) continue;
        for (const diagnostic of found) {
            diagnostics.push({
                path: relative.split(path.sep).join("/"),
                line: diagnostic.range.start.line,
                character: diagnostic.range.start.character,
                severity: SEVERITIES[diagnostic.severity] ?? "information",
                message: diagnostic.message,
                ...(diagnostic.source ? { source: diagnostic.source } : {}),
                ...(diagnostic.code !== undefined ? { code: String(typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code) } : {}),
            });
        }
    }
    return { diagnostics };
}
