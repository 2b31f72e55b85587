// The History list: saved conversations of this workspace, newest first, with rename and delete
// buttons on each row. Returns the id of the one to reopen.
import * as vscode from "vscode";
import type { ConversationStore } from "./conversation-store.ts";

interface Row extends vscode.QuickPickItem { id: string }

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("edit"), tooltip: "Rename" };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon("trash"), tooltip: "Delete" };

export function pickConversation(store: ConversationStore): Promise<string | undefined> {
    const pick = vscode.window.createQuickPick<Row>();
    pick.title = "Chat history";
    pick.placeholder = "Reopen a conversation";
    const refresh = (): void => {
        pick.items = store.list().map((conversation) => ({
            id: conversation.id,
            label: conversation.title,
            description: new Date(conversation.updatedAt).toLocaleString(),
            detail: `${conversation.turns.length} question${conversation.turns.length === 1 ? "" : "s"}`,
            buttons: [RENAME, DELETE],
        }));
    };
    refresh();
    return new Promise((resolve) => {
        let result: string | undefined;
        let renaming = false;
        pick.onDidAccept(() => {
            result = pick.selectedItems[0]?.id;
            pick.hide();
        });
        pick.onDidTriggerItemButton(async (event) => {
            if (event.button === DELETE) {
                await store.delete(event.item.id);
                refresh();
                return;
            }
            renaming = true;
            pick.hide();
            const title = await vscode.window.showInputBox({ title: "Rename conversation", value: event.item.label, validateInput: (value) => (value.trim() ? null : "A name is needed") });
            if (title) await store.rename(event.item.id, title.trim());
            resolve(pickConversation(store));
        });
        pick.onDidHide(() => {
            pick.dispose();
            if (!renaming) resolve(result);
        });
        pick.show();
    });
}
