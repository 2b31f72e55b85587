// The text around the cursor that the server needs, cut into windows that stay put while the
// user types: the prefix starts at a line on a coarse grid (so a keystroke changes only its end,
// and the server's KV cache keeps the rest); the suffix is a fixed number of lines.
import * as vscode from "vscode";
import type { CompletionContext } from "../../protocol/index.ts";
import { isCodeDocument, type RecentFiles } from "./recent-files.ts";

const PREFIX_LINES = 120;
const GRID_LINES = 32;
const SUFFIX_LINES = 40;

export function documentContext(document: vscode.TextDocument, position: vscode.Position, recent: RecentFiles): CompletionContext {
    const startLine = Math.max(0, Math.floor((position.line - PREFIX_LINES) / GRID_LINES) * GRID_LINES);
    const endLine = Math.min(document.lineCount - 1, position.line + SUFFIX_LINES);
    const prefix = document.getText(new vscode.Range(startLine, 0, position.line, position.character));
    const suffix = document.getText(new vscode.Range(position, document.lineAt(endLine).range.end));
    return {
        path: document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri),
        languageId: document.languageId,
        prefix: prefix.slice(-60_000),
        suffix: suffix.slice(0, 30_000),
        snippets: recent.snippets(document),
    };
}

/** Where ghost text never appears: non-file schemes (output panel, logs), diff views, huge files. */
export function isExcluded(document: vscode.TextDocument, maxFileSize: number): boolean {
    if (!isCodeDocument(document)) return true;
    // The end offset is the size in characters without copying the text on every keystroke.
    if (document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > maxFileSize) return true;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (tab?.input instanceof vscode.TabInputTextDiff) return true;
    return false;
}
