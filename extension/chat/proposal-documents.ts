// Read-only documents holding proposed file contents, for the right side of Apply's diff.
import * as vscode from "vscode";

export const PROPOSAL_SCHEME = "gptoss-proposal";

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly contents = new Map<string, string>();
    private next = 0;
    private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);

    /** Keeps the file's name (so the diff highlights its language) and makes the URI unique. */
    add(target: vscode.Uri, text: string): vscode.Uri {
        this.next += 1;
        const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: target.path, query: String(this.next) });
        this.contents.set(uri.toString(), text);
        return uri;
    }

    remove(uri: vscode.Uri): void {
        this.contents.delete(uri.toString());
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? "";
    }

    dispose(): void {
        this.registration.dispose();
        this.contents.clear();
    }
}
