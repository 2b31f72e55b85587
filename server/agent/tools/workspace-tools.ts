// The agent's tools over the workspace: read a file, list files, search text, the editor's
// diagnostics. Answers are plain text cut to a size a small model can use, and every limit says
// what was left out and how to get it.
import { z } from "zod";
import type { Diagnostic } from "../../../protocol/index.ts";
import { defineTool, ToolError, type AgentTool } from "../tool.ts";
import { MAX_TEXT_FILE_BYTES, type AgentWorkspace } from "../workspace.ts";

const MAX_READ_LINES = 800;
const MAX_LISTED = 400;
const MAX_MATCHES = 80;
const MAX_LINE_CHARS = 240;

export function readFileTool(workspace: AgentWorkspace): AgentTool {
    return defineTool({
        name: "read_file",
        description: "Read a text file of the workspace. Long files come in parts: pass startLine/endLine (1-based) for the rest.",
        args: z.object({
            path: z.string().describe("Path relative to the workspace folder"),
            startLine: z.number().int().min(1).optional(),
            endLine: z.number().int().min(1).optional(),
        }),
        describe: ({ path }) => `reading ${path}`,
        async run({ path, startLine, endLine }) {
            const text = await workspace.readText(path);
            if (text === null) throw new ToolError(`${path} does not exist. Use list_files or search to find the right path.`);
            const lines = text.split(/\r?\n/);
            if (text.endsWith("\n")) lines.pop();
            const first = Math.min(startLine ?? 1, Math.max(lines.length, 1));
            const last = Math.min(endLine ?? first + MAX_READ_LINES - 1, first + MAX_READ_LINES - 1, lines.length);
            const unsaved = workspace.hasBuffer(workspace.relative(path)) ? " (unsaved changes in the editor)" : "";
            if (first === 1 && last === lines.length) return `${path}${unsaved}, ${lines.length} lines:\n${lines.join("\n")}`;
            const more = last < lines.length ? `\n[lines ${last + 1}-${lines.length} not shown: read_file with startLine ${last + 1}]` : "";
            return `${path}${unsaved}, lines ${first}-${last} of ${lines.length}:\n${lines.slice(first - 1, last).join("\n")}${more}`;
        },
    });
}

export function listFilesTool(workspace: AgentWorkspace): AgentTool {
    return defineTool({
        name: "list_files",
        description: "List the files of the workspace (or of one folder), skipping .gitignore'd and dependency folders.",
        args: z.object({ path: z.string().optional().describe("Folder relative to the workspace; omit for the whole workspace") }),
        describe: ({ path }) => `listing ${path || "the workspace"}`,
        async run({ path }, context) {
            const start = workspace.relative(path ?? "");
            const listed: string[] = [];
            let total = 0;
            for await (const file of workspace.walk(start, context.signal)) {
                total += 1;
                if (listed.length < MAX_LISTED) listed.push(file.size > MAX_TEXT_FILE_BYTES ? `${file.path} (${(file.size / 1e6).toFixed(1)} MB)` : file.path);
            }
            if (total === 0) return `No files under ${start || "the workspace folder"}.`;
            const more = total > listed.length ? `\n[${total - listed.length} more files not shown: list a subfolder]` : "";
            return `${total} files:\n${listed.join("\n")}${more}`;
        },
    });
}

export function searchTool(workspace: AgentWorkspace): AgentTool {
    return defineTool({
        name: "search",
        description: "Search the workspace's text files for a string (or a JavaScript regular expression) and get path:line: text for each match.",
        args: z.object({
            query: z.string().min(1),
            isRegex: z.boolean().optional(),
            caseSensitive: z.boolean().optional(),
            path: z.string().optional().describe("Limit the search to this folder"),
        }),
        describe: ({ query }) => `searching for ${JSON.stringify(query)}`,
        async run({ query, isRegex, caseSensitive, path }, context) {
            let pattern: RegExp;
            try {
                pattern = new RegExp(isRegex ? query : escapeRegExp(query), caseSensitive ? "" : "i");
            } catch (error) {
                throw new ToolError(`The regular expression is invalid: ${(error as Error).message}`);
            }
            const matches: string[] = [];
            let total = 0;
            for await (const file of workspace.walk(workspace.relative(path ?? ""), context.signal)) {
                if (file.size > MAX_TEXT_FILE_BYTES) continue;
                const text = await workspace.readText(file.path).catch(() => null);
                if (text === null) continue;
                text.split(/\r?\n/).forEach((line, index) => {
                    if (!pattern.test(line)) return;
                    total += 1;
                    if (matches.length < MAX_MATCHES) matches.push(`${file.path}:${index + 1}: ${clip(line.trim())}`);
                });
            }
            if (total === 0) return `No matches for ${JSON.stringify(query)}.`;
            const more = total > matches.length ? `\n[${total - matches.length} more matches not shown: narrow the query or the path]` : "";
            return `${total} matches:\n${matches.join("\n")}${more}`;
        },
    });
}

export function diagnosticsTool(workspace: AgentWorkspace, diagnostics: (path?: string) => Promise<Diagnostic[]>): AgentTool {
    return defineTool({
        name: "get_diagnostics",
        description: "The errors and warnings the editor shows (compiler, linter) for a file, or for the whole workspace when no path is given.",
        args: z.object({ path: z.string().optional() }),
        describe: ({ path }) => `reading the problems in ${path ?? "the workspace"}`,
        async run({ path }) {
            const found = await diagnostics(path === undefined ? undefined : workspace.relative(path));
            if (found.length === 0) return `No problems reported${path ? ` in ${path}` : ""}.`;
            const lines = found.slice(0, MAX_MATCHES).map((item) =>
                `${item.path}:${item.line + 1}:${item.character + 1}: ${item.severity}: ${item.message}${item.source ? ` (${item.source}${item.code ? ` ${item.code}` : ""})` : ""}`);
            const more = found.length > lines.length ? `\n[${found.length - lines.length} more not shown]` : "";
            return `${found.length} problems:\n${lines.join("\n")}${more}`;
        },
    });
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function clip(line: string): string {
    return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}
