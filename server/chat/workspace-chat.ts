// A chat turn that may read the workspace before answering. The model calls read_file,
// list_files, search or get_diagnostics (harmony function calls), gets their answers in the same
// harmony turn, so its reasoning stays in the prompt while it looks things up, and ends with an
// answer on the final channel. Reasoning and answer stream as in a plain turn; each lookup is
// announced. After the last allowed lookup the model answers with the tools taken away.
import type { ChatMessage, ChatToolStep, ChatTurnParams, ChatTurnResult, ToolCall, GenerationUsage } from "../../protocol/index.ts";
import type { ChatChunkSink, Engine } from "../engine/engine.ts";
import { EngineError } from "../engine/engine-error.ts";
import type { AgentTool, ToolContext } from "../agent/tool.ts";
import { runToolCall } from "../agent/tool-runner.ts";
import { diagnosticsTool, listFilesTool, readFileTool, searchTool } from "../agent/tools/workspace-tools.ts";
import { AgentWorkspace } from "../agent/workspace.ts";
import { PYTHON_TOOL, pythonStepText, pythonTool } from "../agent/tools/python-tool.ts";
import type { Sandbox } from "../sandbox/index.ts";
import type { Diagnostic } from "../../protocol/index.ts";
import { externalTools, type ExternalToolHost } from "../agent/tools/mcp/external-tools.ts";

export type ToolStepSink = (step: ChatToolStep) => void;

const TOOL_HINT = "You can read the user's workspace with the tools read_file, list_files, search and get_diagnostics. " +
    "Look things up when the question is about this code instead of guessing; answer directly when it is not.";
const PYTHON_HINT = "The python tool runs code in a sandbox (state persists between its calls in this answer) to compute or check something.";

export async function workspaceChatTurn(
    engine: Pick<Engine, "chatTurn">,
    params: Omit<ChatTurnParams, "streamId">,
    diagnostics: (root: string, path?: string) => Promise<Diagnostic[]>,
    onChunk: ChatChunkSink,
    onTool: ToolStepSink,
    signal: AbortSignal,
    /** The sandbox, for the python tool (its mode and the workspace's trust decide whether a cell runs). */
    sandbox?: () => Promise<Sandbox>,
    /** Runs the user's MCP servers and lm tools, when the turn carries them (workspace.userTools). */
    userTools?: ExternalToolHost,
): Promise<ChatTurnResult> {
    const settings = params.workspace!;
    const workspace = new AgentWorkspace(settings.root, settings.openBuffers);
    const tools: AgentTool[] = [readFileTool(workspace), listFilesTool(workspace), searchTool(workspace), diagnosticsTool(workspace, (path) => diagnostics(settings.root, path))];
    // One python session per answer: its cells share state until the answer is done. Whether a cell
    // runs is the sandbox's decision: off in an untrusted workspace (sandbox-service.ts), asking first where its mode says so.
    const python = sandbox === undefined ? null : pythonTool(sandbox, settings.root);
    if (python !== null) tools.push(python.tool);
    if (settings.userTools !== undefined && userTools !== undefined) {
        const question = [...params.messages].reverse().find((message) => message.role === "user")?.content ?? "";
        const external = await externalTools(settings.userTools, userTools, question, tools.map((tool) => tool.definition.name), signal);
        tools.push(...external.tools);
    }
    try {
        return await lookUpAndAnswer(engine, params, tools, onChunk, onTool, signal);
    } finally {
        python?.dispose();
    }
}

async function lookUpAndAnswer(
    engine: Pick<Engine, "chatTurn">,
    params: Omit<ChatTurnParams, "streamId">,
    tools: readonly AgentTool[],
    onChunk: ChatChunkSink,
    onTool: ToolStepSink,
    signal: AbortSignal,
): Promise<ChatTurnResult> {
    const settings = params.workspace!;
    const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
    const messages: ChatMessage[] = withToolHint(params.messages, tools.some((tool) => tool.definition.name === PYTHON_TOOL));
    const usage: GenerationUsage = { promptTokens: 0, evaluatedTokens: 0, generatedTokens: 0, durationMs: 0 };
    let reasoning = "";
    const context: ToolContext = { signal, trusted: true, report: () => undefined };

    for (let step = 0; ; step += 1) {
        const lastStep = step >= settings.maxToolSteps;
        const { workspace: _workspace, tools: _tools, ...plain } = params;
        const turn = await engine.chatTurn({ ...plain, messages, ...(lastStep ? {} : { tools: tools.map((tool) => tool.definition) }) }, onChunk, signal);
        usage.promptTokens = turn.usage.promptTokens;
        usage.evaluatedTokens += turn.usage.evaluatedTokens;
        usage.generatedTokens += turn.usage.generatedTokens;
        usage.durationMs += turn.usage.durationMs;
        reasoning += reasoning !== "" && turn.reasoning !== "" ? `\n\n${turn.reasoning}` : turn.reasoning;
        if (turn.stopReason !== "tool-calls") return { ...turn, reasoning, usage, toolCalls: [] };
        if (signal.aborted) throw new EngineError("cancelled", "The request was cancelled.");

        messages.push({ role: "assistant", content: turn.text, reasoning: turn.reasoning, toolCalls: turn.toolCalls });
        for (const call of turn.toolCalls) messages.push(await answer(call, byName, context, onTool));
    }
}

async function answer(call: ToolCall, tools: ReadonlyMap<string, AgentTool>, context: ToolContext, onTool: ToolStepSink): Promise<ChatMessage> {
    const outcome = await runToolCall(call, tools, context);
    // A python cell is listed under Thinking with its code and output, not only its one-line summary.
    const summary = call.name === PYTHON_TOOL ? `${outcome.summary}\n${pythonStepText(call.arguments, outcome.reply)}` : outcome.summary;
    onTool({ name: call.name, summary, isError: outcome.isError });
    return { role: "tool", toolCallId: call.id, name: call.name, content: outcome.reply };
}

/** The conversation's own instructions, with a line about the tools. */
function withToolHint(messages: readonly ChatMessage[], python: boolean): ChatMessage[] {
    const hint = python ? `${TOOL_HINT} ${PYTHON_HINT}` : TOOL_HINT;
    const [first, ...rest] = messages;
    if (first?.role === "system") return [{ role: "system", content: `${first.content}\n${hint}` }, ...rest];
    return [{ role: "system", content: hint }, ...messages];
}
