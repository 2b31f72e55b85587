// Messages between the chat webview and the extension. Both sides parse what they receive with
// these schemas: the webview's input is model output relayed by the extension, and the
// extension's input comes from a page that renders untrusted text, so neither trusts the other.
import { z } from "zod";
import { ReasoningEffort } from "./model.ts";

export const AttachmentKind = z.enum(["selection", "file", "problems"]);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/** Context attached to the next question, shown as a removable chip. */
export const Attachment = z.object({
    id: z.string().min(1),
    kind: AttachmentKind,
    label: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** A `path:line` mention in an answer, after the extension checked it against the workspace. */
export const Reference = z.object({
    text: z.string(),
    path: z.string(),
    line: z.number().int().positive(),
    status: z.enum(["ok", "missing-file", "missing-line"]),
});
export type Reference = z.infer<typeof Reference>;

/**
 * A `path:line` mention: `src/a.ts:12`, `./lib/x.py:3`, `README.md:1` — a path whose last part
 * has an extension, a colon, a line number. Shared so the webview links exactly what the
 * extension checks.
 */
export const REFERENCE_PATTERN = /(?<![\w/.-])((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[A-Za-z0-9]+):(\d+)(?!\w)/g;

/** Something the model looked up in the workspace before answering ("reading src/a.ts"). */
export const Lookup = z.object({ summary: z.string(), failed: z.boolean() });
export type Lookup = z.infer<typeof Lookup>;

/** One finished or running exchange as the view shows it. */
export const TurnView = z.object({
    id: z.string().min(1),
    user: z.string(),
    reasoning: z.string(),
    answer: z.string(),
    reasoningMs: z.number().nonnegative().nullable(),
    state: z.enum(["running", "done", "stopped", "error"]),
    error: z.string().optional(),
    references: z.array(Reference).default([]),
    /** Shown beside the collapsed reasoning, so a user sees what was read without opening it. */
    lookups: z.array(Lookup).default([]),
});
export type TurnView = z.infer<typeof TurnView>;

export const ConversationSummary = z.object({ id: z.string(), title: z.string(), updatedAt: z.number() });
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/**
 * The model as the chat view shows it: the welcome (while no model is ready) and the line under
 * a question that waits for the model ("Checking the model on huggingface.co…").
 */
export const ModelPanel = z.object({
    /** A model is loaded: no welcome; a waiting question is "Thinking…". */
    ready: z.boolean(),
    /** The status bar's words without the icon: "gpt-oss: not loaded". */
    state: z.string(),
    /** The step in progress (checking, asking, downloading N %, loading N %); null when none. */
    activity: z.string().nullable(),
    /** Why the last attempt failed, when it did. */
    error: z.string().nullable(),
    /** Where a download goes. */
    downloadDirectory: z.string(),
    /** One line when this machine cannot hold gpt-oss-20b well (memory, GPU); null when it can or is unknown. */
    fitNote: z.string().nullable(),
});
export type ModelPanel = z.infer<typeof ModelPanel>;

/** The welcome's three ways to get a model. */
export const WelcomeAction = z.enum(["download", "localFile", "remote"]);
export type WelcomeAction = z.infer<typeof WelcomeAction>;

// ── webview → extension ────────────────────────────────────────────────────────────────────
const CodeBlock = { code: z.string(), language: z.string() };
export const ToExtension = z.discriminatedUnion("type", [
    z.object({ type: z.literal("ready") }),
    z.object({ type: z.literal("send"), text: z.string().min(1).max(100_000), effort: ReasoningEffort }),
    z.object({ type: z.literal("stop") }),
    z.object({ type: z.literal("newChat") }),
    z.object({ type: z.literal("showHistory") }),
    z.object({ type: z.literal("setEffort"), effort: ReasoningEffort }),
    z.object({ type: z.literal("attach"), kind: AttachmentKind }),
    z.object({ type: z.literal("removeAttachment"), id: z.string() }),
    z.object({ type: z.literal("copyCode"), ...CodeBlock }),
    z.object({ type: z.literal("insertCode"), ...CodeBlock, turnId: z.string() }),
    z.object({ type: z.literal("applyCode"), ...CodeBlock, turnId: z.string(), index: z.number().int().nonnegative() }),
    z.object({ type: z.literal("openReference"), path: z.string(), line: z.number().int().positive() }),
    z.object({ type: z.literal("welcomeAction"), action: WelcomeAction }),
    /** A web link in an answer (an image's address included): the extension asks VS Code to open it, which asks the user. */
    z.object({ type: z.literal("openLink"), url: z.string().max(8192).regex(/^https?:\/\//i) }),
]);
export type ToExtension = z.infer<typeof ToExtension>;

// ── extension → webview ────────────────────────────────────────────────────────────────────
export const ToWebview = z.discriminatedUnion("type", [
    /** The whole conversation: on load, on New chat, on reopening a saved one. */
    z.object({ type: z.literal("conversation"), id: z.string(), title: z.string(), turns: z.array(TurnView), effort: ReasoningEffort }),
    z.object({ type: z.literal("turnStarted"), turn: TurnView }),
    z.object({ type: z.literal("chunk"), turnId: z.string(), channel: z.enum(["analysis", "final"]), text: z.string() }),
    z.object({ type: z.literal("lookup"), turnId: z.string(), lookup: Lookup }),
    z.object({ type: z.literal("reasoningDone"), turnId: z.string(), reasoningMs: z.number().nonnegative() }),
    z.object({ type: z.literal("turnEnded"), turnId: z.string(), state: z.enum(["done", "stopped", "error"]), error: z.string().optional(), reasoningMs: z.number().nonnegative().nullable() }),
    z.object({ type: z.literal("references"), turnId: z.string(), references: z.array(Reference) }),
    z.object({ type: z.literal("attachments"), items: z.array(Attachment) }),
    z.object({ type: z.literal("notice"), text: z.string() }),
    z.object({ type: z.literal("model"), model: ModelPanel }),
]);
export type ToWebview = z.infer<typeof ToWebview>;
