// Questions the server asks the editor while it works: the diagnostics VS Code shows.
import type { Connection } from "vscode-languageserver/node";
import { DiagnosticsRequest, parseOrThrow, type Diagnostic } from "../protocol/index.ts";
import { askEditor } from "./request-signal.ts";

/** Withdrawn when the request being served (a chat turn, an agent task) is cancelled. */
export async function editorDiagnostics(connection: Connection, workspaceRoot: string, path?: string): Promise<Diagnostic[]> {
    const answer = await askEditor(connection, DiagnosticsRequest.method, { workspaceRoot, ...(path === undefined ? {} : { path }) });
    return parseOrThrow(DiagnosticsRequest.result, answer, DiagnosticsRequest.method, "result").diagnostics;
}
