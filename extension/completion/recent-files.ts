// Short snippets of recently edited files for the prompt: the few lines around each file's last
// edit. The list is ordered by path, not recency, so switching back and forth between files does
// not reorder the prompt's stable part (and void the KV cache).
import * as vscode from "vscode";
import type { CompletionSnippet } from "../../protocol/index.ts";

const MAX_FILES = 3;
const LINES_AROUND = 12;
const MAX_CHARS = 1500;

interface Recent { uri: string; path: string; line: number }

export class RecentFiles implements vscode.Disposable {
    private recent: Recent[] = [];
    private readonly subscription: vscode.Disposable;

    constructor() {
        this.subscription = vscode.workspace.onDidChangeTextDocument((event) => {
            const change = event.contentChanges[0];
            if (change === undefined || !isCodeDocument(event.document)) return;
            this.note(event.document, change.range.start.line);
        });
    }

    private note(document: vscode.TextDocument, line: number): void {
        const uri = document.uri.toString();
        this.recent = [{ uri, path: vscode.workspace.asRelativePath(document.uri), line }, ...this.recent.filter((entry) => entry.uri !== uri)].slice(0, MAX_FILES + 1);
    }

    /** Snippets of other files than `current`, by path. */
    snippets(current: vscode.TextDocument): CompletionSnippet[] {
        const documents = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
        return this.recent
            .filter((entry) => entry.uri !== current.uri.toString())
            .slice(0, MAX_FILES)
            .flatMap((entry) => {
                const document = documents.get(entry.uri);
                if (!document) return [];
                const start = Math.max(0, entry.line - LINES_AROUND / 2);
                const end = Math.min(document.lineCount, start + LINES_AROUND);
                const text = document.getText(new vscode.Range(start, 0, end, 0)).slice(0, MAX_CHARS);
                return [{ path: entry.path, text }];
            })
            .sort((a, b) => a.path.localeCompare(b.path));
    }

    dispose(): void {
        this.subscription.dispose();
    }
}

/** Real files only: not the output panel, the log, settings UIs or git's views of old versions. */
export function isCodeDocument(document: vscode.TextDocument): boolean {
    return ["file", "untitled", "vscode-remote", "vscode-vfs"].includes(document.uri.scheme);
}
