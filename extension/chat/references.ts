// Checks `path:line` mentions against the workspace and opens them.
import * as vscode from "vscode";
import path from "node:path";
import type { Reference } from "../../protocol/webview.ts";

function resolve(relative: string): vscode.Uri | undefined {
    if (path.isAbsolute(relative)) return vscode.Uri.file(relative);
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, relative.replace(/^\.\//, "")) : undefined;
}

export async function checkReferences(found: ReadonlyArray<{ text: string; path: string; line: number }>): Promise<Reference[]> {
    return Promise.all(found.map(async (item): Promise<Reference> => {
        const uri = resolve(item.path);
        if (!uri) return { ...item, status: "missing-file" };
        try {
            const stat = await vscode.workspace.fs.stat(uri);
            if (stat.type & vscode.FileType.Directory) return { ...item, status: "missing-file" };
            const document = await vscode.workspace.openTextDocument(uri);
            return { ...item, status: item.line <= document.lineCount ? "ok" : "missing-line" };
        } catch {
            return { ...item, status: "missing-file" };
        }
    }));
}

export async function openReference(relative: string, line: number): Promise<void> {
    const uri = resolve(relative);
    if (!uri) return;
    const position = new vscode.Position(line - 1, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
