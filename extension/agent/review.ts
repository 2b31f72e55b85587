// The review of an agent task's result. Proposed changes open in VS Code's multi-file diff (one
// entry per file, new and deleted files included) and a notification asks: Accept All, Choose
// Files… (a pick list, all ticked), Reject, or Show Details. Nothing is written before Accept.
// A failed task or one with nothing to change says so, with the details one click away.
import * as vscode from "vscode";
import type { AgentRunResult, FileChange } from "../../protocol/index.ts";
import { OPEN_CONVERSATION_COMMAND } from "../chat/chat-view-provider.ts";
import type { ProposalDocuments } from "../chat/proposal-documents.ts";
import { applyChanges } from "./apply-changes.ts";
import { checkLine, transcriptConversation, transcriptMarkdown } from "./transcript.ts";

export interface ReviewInput {
    title: string;
    instruction: string;
    folder: vscode.WorkspaceFolder;
    result: AgentRunResult;
}

const ACCEPT_ALL = "Accept All";
const CHOOSE = "Choose Files…";
const REJECT = "Reject";
const DETAILS = "Show Details";
const IN_CHAT = "Open in Chat";

export async function review(input: ReviewInput, proposals: ProposalDocuments): Promise<"accepted" | "rejected" | "nothing"> {
    const { result, title } = input;
    if (result.outcome === "failed") {
        const detail = result.failures.length > 0 ? ` ${result.failures.map((failure) => `${failure.path}: ${failure.message}`).join(" ")}` : "";
        void offerDetails(vscode.window.showErrorMessage(`gpt-oss: ${title} failed. ${result.error ?? ""}${detail}`, DETAILS, IN_CHAT), input);
        return "nothing";
    }
    if (result.outcome === "no-changes") {
        void offerDetails(vscode.window.showInformationMessage(`gpt-oss: ${title}: no changes needed. ${result.summary}`, DETAILS, IN_CHAT), input);
        return "nothing";
    }

    const shown = showDiffs(input, proposals);
    try {
        await shown.opened;
        const files = result.changes.length === 1 ? result.changes[0]!.path : `${result.changes.length} files`;
        const unverified = result.verification === null ? " (not verified: no check was run)" : "";
        for (;;) {
            const choice = await vscode.window.showInformationMessage(
                `gpt-oss: ${title} proposes changes to ${files}: ${result.summary}${checkLine(result)}${unverified}`,
                ACCEPT_ALL, ...(result.changes.length > 1 ? [CHOOSE] : []), REJECT, DETAILS,
            );
            if (choice === DETAILS) {
                await showDetails(input);
                continue;
            }
            if (choice === ACCEPT_ALL) return await accept(input, result.changes);
            if (choice === CHOOSE) {
                const chosen = await chooseFiles(result.changes);
                if (chosen === undefined) continue;
                if (chosen.length === 0) return "rejected";
                return await accept(input, chosen);
            }
            void vscode.window.setStatusBarMessage("gpt-oss: the proposed changes were rejected; nothing was written.", 5000);
            return "rejected";
        }
    } finally {
        await shown.close();
    }
}

async function accept(input: ReviewInput, changes: readonly FileChange[]): Promise<"accepted" | "rejected"> {
    const outcome = await applyChanges(input.folder, changes);
    if (!outcome.applied) {
        void vscode.window.showErrorMessage(`gpt-oss: ${outcome.reason}`);
        return "rejected";
    }
    void vscode.window.setStatusBarMessage(`gpt-oss: changed ${outcome.files} ${outcome.files === 1 ? "file" : "files"} (Undo takes it back).`, 5000);
    const first = changes.find((change) => change.kind !== "delete");
    if (first) await vscode.window.showTextDocument(vscode.Uri.joinPath(input.folder.uri, first.newPath ?? first.path), { preview: false });
    return "accepted";
}

async function chooseFiles(changes: readonly FileChange[]): Promise<FileChange[] | undefined> {
    const items = changes.map((change) => ({
        label: change.newPath ? `${change.path} → ${change.newPath}` : change.path,
        description: change.kind,
        picked: true,
        change,
    }));
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: "Apply the changes to these files", ignoreFocusOut: true });
    return picked?.map((item) => item.change);
}

/** Opens the proposed changes side by side with the files as they are; close() tidies up. */
function showDiffs(input: ReviewInput, proposals: ProposalDocuments): { opened: Promise<void>; close(): Promise<void> } {
    const uris: vscode.Uri[] = [];
    const entries = input.result.changes.map((change) => {
        const target = vscode.Uri.joinPath(input.folder.uri, change.newPath ?? change.path);
        const left = proposals.add(vscode.Uri.joinPath(input.folder.uri, change.path), change.before ?? "");
        const right = proposals.add(target, change.after ?? "");
        uris.push(left, right);
        return { target, left, right, change };
    });
    const opened = (async () => {
        try {
            // VS Code's multi-file diff: every file of the plan in one scrollable editor.
            await vscode.commands.executeCommand("vscode.changes", `gpt-oss: ${input.title}`, entries.map((entry) => [entry.target, entry.left, entry.right]));
        } catch {
            const first = entries[0]!;
            await vscode.commands.executeCommand("vscode.diff", first.left, first.right, `${first.change.path} ↔ proposed change`, { preview: true });
        }
    })();
    return {
        opened,
        async close() {
            const shown = new Set(uris.map((uri) => uri.toString()));
            const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
                if (tab.input instanceof vscode.TabInputTextDiff) return shown.has(tab.input.modified.toString());
                const multi = tab.input as { textDiffs?: Array<{ modified: vscode.Uri }> } | undefined;
                return multi?.textDiffs?.some((diff) => shown.has(diff.modified.toString())) ?? false;
            });
            if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
            for (const uri of uris) proposals.remove(uri);
        },
    };
}

async function offerDetails(choice: Thenable<string | undefined>, input: ReviewInput): Promise<void> {
    const picked = await choice;
    if (picked === DETAILS) await showDetails(input);
    if (picked === IN_CHAT) await openInChat(input);
}

async function showDetails(input: ReviewInput): Promise<void> {
    const document = await vscode.workspace.openTextDocument({ language: "markdown", content: transcriptMarkdown(input.title, input.instruction, input.result) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

export async function openInChat(input: Pick<ReviewInput, "title" | "instruction" | "result">): Promise<void> {
    await vscode.commands.executeCommand(OPEN_CONVERSATION_COMMAND, transcriptConversation(input.title, input.instruction, input.result, Date.now()));
}
