// Apply for a code block: show the target file against the proposed change in a diff, ask, and
// on Accept change the file with one WorkspaceEdit (so one Undo takes it back). The target is the
// file named in the fence's info string (```ts src/app.ts), else the active editor — its
// selection when there is one, the whole file otherwise.
import * as vscode from "vscode";
import path from "node:path";
import { ProposalDocuments } from "./proposal-documents.ts";

interface Target {
    uri: vscode.Uri;
    /** null: the file does not exist yet and will be created. */
    document: vscode.TextDocument | null;
    range: vscode.Range | null;
}

/** The path in a fence info string, if any: the second word, or what follows `lang:`. */
export function infoPath(info: string): string | undefined {
    const parts = info.trim().split(/\s+|:(?=\S)/).filter(Boolean);
    const candidate = parts[1];
    return candidate && /[./\\]/.test(candidate) ? candidate : undefined;
}

/** The file Apply changes; undefined when there is none, null when it was refused (and said so). */
async function findTarget(info: string): Promise<Target | null | undefined> {
    const named = infoPath(info);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (named && folder) {
        const uri = path.isAbsolute(named) ? vscode.Uri.file(named) : vscode.Uri.joinPath(folder.uri, named);
        // A model-named path may only point into the workspace (no ../../.bashrc).
        const relative = path.relative(folder.uri.fsPath, uri.fsPath);
        if (relative.startsWith("..") || path.isAbsolute(relative)) {
            void vscode.window.showWarningMessage(`Apply only changes files inside the workspace; ${named} is outside it.`);
            return null;
        }
        try {
            await vscode.workspace.fs.stat(uri);
            const document = await vscode.workspace.openTextDocument(uri);
            return { uri, document, range: new vscode.Range(0, 0, document.lineCount, 0) };
        } catch {
            return { uri, document: null, range: null };
        }
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const document = editor.document;
    const range = editor.selection.isEmpty ? new vscode.Range(0, 0, document.lineCount, 0) : editor.selection;
    return { uri: document.uri, document, range };
}

export async function applyCode(proposals: ProposalDocuments, code: string, info: string): Promise<void> {
    const target = await findTarget(info);
    if (target === null) return;
    if (!target) {
        void vscode.window.showWarningMessage("Open the file to change (or select the part to replace), then press Apply again.");
        return;
    }
    const original = target.document?.getText() ?? "";
    const proposed = target.document && target.range
        ? original.slice(0, target.document.offsetAt(target.range.start)) + code + original.slice(target.document.offsetAt(target.range.end))
        : code;
    const version = target.document?.version;
    const name = vscode.workspace.asRelativePath(target.uri);
    const proposalUri = proposals.add(target.uri, proposed);
    const left = target.document ? target.uri : proposals.add(target.uri, "");
    try {
        await vscode.commands.executeCommand("vscode.diff", left, proposalUri, `${name} ↔ proposed change`, { preview: true });
        const choice = await vscode.window.showInformationMessage(`Apply the proposed change to ${name}?`, "Accept", "Reject");
        if (choice !== "Accept") return;
        if (target.document && target.document.version !== version) {
            void vscode.window.showWarningMessage(`${name} changed while the diff was open; nothing was applied. Press Apply again.`);
            return;
        }
        const edit = new vscode.WorkspaceEdit();
        if (target.document && target.range) edit.replace(target.uri, target.range, code);
        else edit.createFile(target.uri, { ignoreIfExists: false, contents: new TextEncoder().encode(code) });
        if (!(await vscode.workspace.applyEdit(edit))) {
            void vscode.window.showErrorMessage(`Could not apply the change to ${name}.`);
            return;
        }
        await vscode.window.showTextDocument(target.uri, { preview: false });
    } finally {
        await closeTabsShowing(proposalUri);
        proposals.remove(proposalUri);
        if (left !== target.uri) proposals.remove(left);
    }
}

async function closeTabsShowing(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
        tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
