// What the chat session needs from the editor. The VS Code implementation is editor-host.ts;
// tests pass a fake, so the session's rules run without VS Code.
import type { ChatWorkspace, GptOssClient, ReasoningEffort } from "../../protocol/index.ts";
import type { AttachmentKind, Reference } from "../../protocol/webview.ts";

/** Context read from the editor: a label for the chip and the text the model gets. */
export interface ContextItem {
    label: string;
    text: string;
}

/** The part of the server client a chat turn uses. */
export type ChatClient = Pick<GptOssClient, "chatTurn">;

export interface ChatHost {
    /** The client with a model loaded (loading it when needed); throws with a message for the user. */
    readyClient(): Promise<ChatClient>;
    contextSize(): number;
    /** The workspace the model may read with tools; undefined with no folder open or an untrusted one. */
    workspace(): ChatWorkspace | undefined;
    defaultEffort(): ReasoningEffort;
    /** Reads the selection, the current file or the problems; undefined when there is none. */
    readContext(kind: AttachmentKind): Promise<ContextItem | undefined>;
    copy(code: string): Promise<void>;
    insert(code: string): Promise<void>;
    apply(code: string, info: string): Promise<void>;
    openReference(path: string, line: number): Promise<void>;
    checkReferences(found: ReadonlyArray<{ text: string; path: string; line: number }>): Promise<Reference[]>;
    /** Lets the user pick, rename or delete a saved conversation; returns the one to open. */
    pickConversation(): Promise<string | undefined>;
    showError(message: string): void;
}
