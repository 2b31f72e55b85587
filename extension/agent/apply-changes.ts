// Accepted changes land as one WorkspaceEdit, so one Undo takes them all back, and only if every
// file is still exactly as the agent read it: a file the user changed meanwhile stops the whole
// apply (never a half-applied plan). Files that had no unsaved changes are saved afterwards, so
// the change is on disk like any edit the user saves; files with unsaved work stay unsaved.
import * as vscode from "vscode";
import type { FileChange } from "../../protocol/index.ts";

export type ApplyOutcome = { applied: true; files: number } | { applied: false; reason: string };

export async function applyChanges(folder: vscode.WorkspaceFolder, changes: readonly FileChange[]): Promise<ApplyOutcome> {
    const conflicts: string[] = [];
    for (const change of changes) {
        const current = await currentText(vscode.Uri.joinPath(folder.uri, change.path));
        if (current !== change.before) conflicts.push(change.path);
        if (change.kind === "rename" && change.newPath && (await currentText(vscode.Uri.joinPath(folder.uri, change.newPath))) !== null) conflicts.push(change.newPath);
    }
    if (conflicts.length > 0) {
        return { applied: false, reason: `${conflicts.join(", ")} changed since the agent read ${conflicts.length === 1 ? "it" : "them"}; nothing was applied. Run the task again.` };
    }

    const edit = new vscode.WorkspaceEdit();
    const toSave: vscode.Uri[] = [];
    for (const change of changes) {
        const uri = vscode.Uri.joinPath(folder.uri, change.path);
        switch (change.kind) {
            case "modify": {
                const document = await vscode.workspace.openTextDocument(uri);
                edit.replace(uri, fullRange(document), change.after ?? "");
                if (!document.isDirty) toSave.push(uri);
                break;
            }
            case "create":
                edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(change.after ?? "") });
                break;
            case "delete":
                edit.deleteFile(uri, { ignoreIfNotExists: false });
                break;
            case "rename": {
                const target = vscode.Uri.joinPath(folder.uri, change.newPath ?? change.path);
                if (change.after === change.before) {
                    edit.renameFile(uri, target, { overwrite: false });
                } else {
                    // A text edit on a file renamed in the same edit is not reliable: write the
                    // new file with its new content and remove the old one.
                    edit.createFile(target, { ignoreIfExists: false, contents: new TextEncoder().encode(change.after ?? "") });
                    edit.deleteFile(uri, { ignoreIfNotExists: false });
                }
                break;
            }
        }
    }
    if (!(await vscode.workspace.applyEdit(edit))) return { applied: false, reason: "VS Code refused the edit; nothing was applied." };
    for (const uri of toSave) {
        const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
        if (document?.isDirty) await document.save();
    }
    return { applied: true, files: changes.length };
}

/** The text the user sees: the open document's (saved or not), else the file on disk, else null. */
async function currentText(uri: vscode.Uri): Promise<string | null> {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
        return null;
    }
}

function fullRange(document: vscode.TextDocument): vscode.Range {
    return new vscode.Range(0, 0, document.lineCount, 0);
}
