// Turns a palette command and the editor's state into the task the agent runs: the instruction,
// the file and selection it is about. Asking the user (an instruction box) happens here; closing
// the box cancels the task before anything starts.
import * as vscode from "vscode";
import type { AgentRunParams, AgentTaskKind } from "../../protocol/index.ts";

export type TaskInput = Pick<AgentRunParams, "kind" | "instruction" | "focus">;

const SEVERITY: Record<number, string> = { 0: "error", 1: "warning", 2: "info", 3: "hint" };

export async function taskInput(kind: AgentTaskKind, folder: vscode.WorkspaceFolder): Promise<TaskInput | null> {
    const editor = vscode.window.activeTextEditor;
    const inFolder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.toString() === folder.uri.toString() ? editor : undefined;
    const path = inFolder ? vscode.workspace.asRelativePath(inFolder.document.uri, false) : undefined;

    switch (kind) {
        case "free": {
            const instruction = await vscode.window.showInputBox({
                title: "gpt-oss: Run Agent Task",
                prompt: "What should the agent do in this workspace? You review every change before it is written.",
                placeHolder: "e.g. rename parseConfig to loadConfig everywhere and update the docs",
                ignoreFocusOut: true,
            });
            if (!instruction?.trim()) return null;
            return { kind, instruction, ...(path ? { focus: { path } } : {}) };
        }
        case "edit-selection": {
            if (!inFolder || !path) return needsEditor();
            const range = await selectedOrEnclosing(inFolder);
            const instruction = await vscode.window.showInputBox({
                title: "gpt-oss: Edit Selection",
                prompt: `How should lines ${range.start.line + 1}-${range.end.line + 1} of ${path} change?`,
                placeHolder: "e.g. handle the empty list, and return early",
                ignoreFocusOut: true,
            });
            if (!instruction?.trim()) return null;
            return { kind, instruction: `Edit the selected code in ${path}: ${instruction}`, focus: { path, selection: selection(inFolder.document, range) } };
        }
        case "fix-problems": {
            if (!inFolder || !path) return needsEditor();
            const problems = vscode.languages.getDiagnostics(inFolder.document.uri)
                .filter((diagnostic) => diagnostic.severity <= vscode.DiagnosticSeverity.Warning);
            if (problems.length === 0) {
                void vscode.window.showInformationMessage(`gpt-oss: ${path} has no errors or warnings to fix.`);
                return null;
            }
            const list = problems.map((problem) =>
                `- line ${problem.range.start.line + 1}: ${SEVERITY[problem.severity]}: ${problem.message}${problem.source ? ` (${problem.source})` : ""}`);
            return { kind, instruction: `Fix these problems in ${path}:\n${list.join("\n")}`, focus: { path } };
        }
        case "write-tests":
        case "document": {
            if (!inFolder || !path) return needsEditor();
            const range = await selectedOrEnclosing(inFolder);
            const instruction = kind === "write-tests"
                ? `Write tests for the selected code of ${path}.`
                : `Add documentation comments to the selected code of ${path}, without changing the code.`;
            return { kind, instruction, focus: { path, selection: selection(inFolder.document, range) } };
        }
    }
}

function needsEditor(): null {
    void vscode.window.showInformationMessage("gpt-oss: open a file of the workspace (and select the code) first.");
    return null;
}

const CODE_BLOCKS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class]);

/**
 * The selected lines; with nothing selected, the innermost function, method or class around the
 * cursor (from the language's document symbols), else the whole file.
 */
async function selectedOrEnclosing(editor: vscode.TextEditor): Promise<vscode.Range> {
    const { selection, document } = editor;
    const wholeLines = (range: vscode.Range) => new vscode.Range(range.start.line, 0, range.end.line, document.lineAt(range.end.line).text.length);
    if (!selection.isEmpty) return wholeLines(selection);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>("vscode.executeDocumentSymbolProvider", document.uri).then((found) => found ?? [], () => []);
    let enclosing: vscode.DocumentSymbol | undefined;
    const visit = (list: readonly vscode.DocumentSymbol[]) => {
        for (const symbol of list) {
            if (!("range" in symbol) || !symbol.range.contains(selection.active)) continue;
            if (CODE_BLOCKS.has(symbol.kind)) enclosing = symbol;
            visit(symbol.children ?? []);
        }
    };
    visit(symbols);
    if (enclosing) return wholeLines(enclosing.range);
    return wholeLines(new vscode.Range(0, 0, document.lineCount - 1, 0));
}

function selection(document: vscode.TextDocument, range: vscode.Range): NonNullable<NonNullable<TaskInput["focus"]>["selection"]> {
    return { startLine: range.start.line, endLine: range.end.line, text: document.getText(range) };
}
