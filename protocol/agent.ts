// Messages of agent tasks: the edit plan the model must end with (enforced as a grammar), the
// changes a plan makes once applied to real files, the task request and its progress, and the
// server's questions to the editor (diagnostics) while a task runs.
import { z } from "zod";
import { defineNotification, defineRequest } from "./define.ts";
import { ChatMessage, OpenBuffer } from "./chat.ts";
import { ReasoningEffort } from "./model.ts";
import { SandboxRunResult } from "./sandbox.ts";
import { BrowserSettings } from "./browser.ts";
import { ExternalToolSettings } from "./tools.ts";

/** One search/replace edit: `search` must occur exactly once in the file as it is now. */
export const AnchorEdit = z.object({
    search: z.string().min(1).describe("Exact text of the file as it is now, long enough to occur exactly once"),
    replace: z.string().describe("The text that takes its place"),
});
export type AnchorEdit = z.infer<typeof AnchorEdit>;

/** What the plan does to one file. Paths are relative to the workspace folder, with "/". */
export const FilePlan = z.discriminatedUnion("action", [
    z.object({ action: z.literal("edit"), path: z.string().min(1), edits: z.array(AnchorEdit).min(1) }),
    z.object({ action: z.literal("write"), path: z.string().min(1), content: z.string().describe("The whole new content of the file (creates it if missing)") }),
    z.object({ action: z.literal("delete"), path: z.string().min(1) }),
    z.object({ action: z.literal("rename"), path: z.string().min(1), newPath: z.string().min(1) }),
]);
export type FilePlan = z.infer<typeof FilePlan>;

/** The structured output every agent task ends with. */
export const EditPlan = z.object({
    summary: z.string().describe("What the change does and why, for the person reviewing it"),
    files: z.array(FilePlan),
});
export type EditPlan = z.infer<typeof EditPlan>;

/**
 * One file's change once the plan is applied to the text it was computed from. `before` is that
 * text (null for a new file): the extension refuses to apply if the file changed since.
 */
export const FileChange = z.object({
    path: z.string(),
    kind: z.enum(["modify", "create", "delete", "rename"]),
    /** For a rename: the new path (the content may change too). */
    newPath: z.string().optional(),
    before: z.string().nullable(),
    after: z.string().nullable(),
});
export type FileChange = z.infer<typeof FileChange>;

/** An edit of the plan that could not be applied, with what did match to help the reader. */
export const AnchorFailure = z.object({
    path: z.string(),
    /**
     * Index of the plan's `files` entry that failed; null when the failure is about the plan as a
     * whole (a circle of renames). Needed when one plan has several entries for the same path.
     */
    entryIndex: z.number().int().nonnegative().nullable(),
    /** Index of the edit in the file's edit list; null when the failure is about the file itself. */
    editIndex: z.number().int().nonnegative().nullable(),
    reason: z.enum(["not-found", "ambiguous", "overlap", "missing-file", "exists", "outside-workspace", "conflict"]),
    message: z.string(),
});
export type AnchorFailure = z.infer<typeof AnchorFailure>;
/** A failure of one entry, before the plan says which entry it was. */
export type EntryFailure = Omit<AnchorFailure, "entryIndex">;

export const AgentTaskKind = z.enum(["edit-selection", "fix-problems", "write-tests", "document", "free"]);
export type AgentTaskKind = z.infer<typeof AgentTaskKind>;

export const AgentRunParams = z.object({
    /** Chooses the stream progress of this task is sent on. */
    taskId: z.string().min(1),
    kind: AgentTaskKind,
    /** The user's words, or the instruction the command built (selection, diagnostics...). */
    instruction: z.string().min(1),
    /** Absolute path of the workspace folder the task works in. */
    workspaceRoot: z.string().min(1),
    /** Unsaved editor buffers, by workspace-relative path. */
    openBuffers: z.array(OpenBuffer).default([]),
    /** Where the user is: the file, and the selected range's text, when the task is about a selection. */
    focus: z.object({
        path: z.string(),
        selection: z.object({ startLine: z.number().int().nonnegative(), endLine: z.number().int().nonnegative(), text: z.string() }).optional(),
    }).optional(),
    reasoningEffort: ReasoningEffort,
    /** An untrusted workspace: the agent reads but runs nothing. */
    workspaceTrusted: z.boolean(),
    maxSteps: z.number().int().min(1).max(100).default(12),
    /** Generated tokens the whole task may spend. */
    maxTokens: z.number().int().min(16).max(1_000_000).default(32_768),
    /** Run the workspace's check on the proposed edits before showing them. */
    verify: z.boolean().default(true),
    /** A check command the user named in the settings (else the agent looks for one). */
    checkCommand: z.string().min(1).optional(),
    /** Repair rounds after a failed check. */
    repairRounds: z.number().int().min(0).max(5).default(2),
    /** Sampling seed, for reproducible runs (tests, benchmarks); absent: a random one per turn. */
    seed: z.number().int().nonnegative().optional(),
    /** The gptOss.browser.* settings; absent: no browser tools. */
    browser: BrowserSettings.optional(),
    /** The user's MCP servers and lm tools; absent: none. */
    tools: ExternalToolSettings.optional(),
});
export type AgentRunParams = z.infer<typeof AgentRunParams>;

/** The check the agent ran on a throwaway copy with its edits applied. */
export const AgentVerification = z.object({
    command: z.string(),
    passed: z.boolean(),
    /** The end of the check's output, for the review. */
    output: z.string(),
    /** Rounds of repair it took (0: the first plan passed). */
    repairs: z.number().int().nonnegative(),
    /** Each failed attempt before the last, for the review ("failed, then fixed"). */
    earlierFailures: z.array(z.object({ output: z.string() })).default([]),
    run: SandboxRunResult.optional(),
});
export type AgentVerification = z.infer<typeof AgentVerification>;

/** One thing the agent did, in order: for the progress notification and the transcript. */
export const AgentStep = z.discriminatedUnion("type", [
    z.object({ type: z.literal("thinking"), text: z.string() }),
    z.object({ type: z.literal("tool"), name: z.string(), arguments: z.string(), summary: z.string(), result: z.string(), isError: z.boolean() }),
    z.object({ type: z.literal("plan"), summary: z.string(), files: z.number().int().nonnegative() }),
    z.object({ type: z.literal("anchor-retry"), failures: z.array(AnchorFailure) }),
    z.object({ type: z.literal("check"), command: z.string(), passed: z.boolean(), output: z.string() }),
    z.object({ type: z.literal("notice"), text: z.string() }),
]);
export type AgentStep = z.infer<typeof AgentStep>;

export const AgentOutcome = z.enum(["proposed", "no-changes", "failed"]);
export type AgentOutcome = z.infer<typeof AgentOutcome>;

export const AgentRunResult = z.object({
    outcome: AgentOutcome,
    summary: z.string(),
    changes: z.array(FileChange),
    /** Edits that still did not apply after the retry: shown, never applied in part. */
    failures: z.array(AnchorFailure),
    verification: AgentVerification.nullable(),
    /** Why the task failed, in words for the user (outcome "failed"). */
    error: z.string().optional(),
    steps: z.array(AgentStep),
    /** The conversation as the model saw it, to open in the chat view. */
    transcript: z.array(ChatMessage),
    usage: z.object({ steps: z.number().int().nonnegative(), generatedTokens: z.number().int().nonnegative(), evaluatedTokens: z.number().int().nonnegative() }),
});
export type AgentRunResult = z.infer<typeof AgentRunResult>;

/** client → server: run an agent task; cancelling it stops the model and any run in the sandbox. */
export const AgentRunRequest = defineRequest("gptoss/agent/run", AgentRunParams, AgentRunResult);

/** server → client while a task runs: each step as it happens ("reading src/a.ts"). */
export const AgentProgressNotification = defineNotification("gptoss/agent/progress", z.object({
    taskId: z.string(),
    /** Short line for the progress notification. */
    message: z.string(),
    step: AgentStep.optional(),
}));

export const Diagnostic = z.object({
    path: z.string(),
    line: z.number().int().nonnegative(),
    character: z.number().int().nonnegative(),
    severity: z.enum(["error", "warning", "information", "hint"]),
    message: z.string(),
    source: z.string().optional(),
    code: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** server → client: the editor's diagnostics for a file (or every file when path is omitted). */
export const DiagnosticsRequest = defineRequest("gptoss/editor/diagnostics", z.object({
    workspaceRoot: z.string(),
    path: z.string().optional(),
}), z.object({ diagnostics: z.array(Diagnostic) }), "server-to-client");

