// The agent loop: gpt-oss plans with tools in one harmony turn (its reasoning stays in the
// prompt while it calls them), and ends by calling submit_plan with an edit plan whose shape the
// grammar enforces. The plan is applied to the files in memory, never on disk: anchors that do
// not match go back to the model once, then become the task's failure; a check (tests, type
// check) runs on a throwaway copy and a failure goes back for a bounded number of repairs.
// Everything the model does wrong (unknown tool, bad arguments, prose instead of a plan) is told
// to it as a tool answer; only cancellation and engine errors end the loop early.
import { z } from "zod";
import {
    EditPlan, type AgentRunParams, type AgentRunResult, type AgentStep, type AgentVerification, type AnchorFailure, type ChatMessage,
    type ChatTurnResult, type FileChange, type ToolCall, type ToolDefinition,
} from "../../protocol/index.ts";
import type { ChatChunkSink, Engine } from "../engine/engine.ts";
import { EngineError } from "../engine/engine-error.ts";
import { developerMessage, userMessage } from "./agent-prompt.ts";
import type { AgentTool, ToolContext } from "./tool.ts";
import { parseToolArguments, runToolCall } from "./tool-runner.ts";
import { PYTHON_TOOL, pythonStepText } from "./tools/python-tool.ts";

export const SUBMIT_PLAN = "submit_plan";
/** The most one turn may generate; the task's budget bounds the sum. */
const MAX_TOKENS_PER_TURN = 8192;

const { $schema: _dropped, ...EDIT_PLAN_SCHEMA } = z.toJSONSchema(EditPlan, { io: "input" }) as Record<string, unknown>;

export const SUBMIT_PLAN_TOOL: ToolDefinition = {
    name: SUBMIT_PLAN,
    description: "Submit the edit plan that completes the task. Call it once, at the end.",
    parameters: EDIT_PLAN_SCHEMA,
};

export interface PlanApplier {
    /** Applies the plan to the files' current text in memory; writes nothing. */
    apply(plan: EditPlan): Promise<{ changes: FileChange[]; failures: AnchorFailure[] }>;
    /** What the model reads about edits that did not apply, for its one retry. */
    formatFailures(failures: readonly AnchorFailure[]): string;
}

export interface CheckOutcome {
    passed: boolean;
    output: string;
    /** The sandbox refused to run the check (off, not approved): the plan is shown unverified. */
    refused?: string;
}

export interface Verifier {
    /** The check as shown to the user, e.g. "npm test". */
    readonly command: string;
    run(changes: readonly FileChange[], signal: AbortSignal): Promise<CheckOutcome>;
    /** What the model reads after a failed check. */
    formatForModel(outcome: CheckOutcome): string;
}

export interface AgentDeps {
    engine: Pick<Engine, "chatTurn" | "structured">;
    tools: readonly AgentTool[];
    planner: PlanApplier;
    /** null: no check was found (or the workspace is untrusted); the plan is shown unverified. */
    verifier: Verifier | null;
    /** A progress line, with the step it belongs to when there is one. */
    progress(message: string, step?: AgentStep): void;
    /** What the model is told about the user's tools (those left out to fit the budget). */
    toolNote?: string | null;
    /** Lines for the transcript before the first step (an MCP server that did not start). */
    notices?: readonly string[];
}

type Params = Pick<AgentRunParams, "kind" | "instruction" | "focus" | "openBuffers" | "reasoningEffort" | "workspaceTrusted" | "maxSteps" | "maxTokens" | "repairRounds" | "seed">;

export async function runAgent(params: Params, deps: AgentDeps, signal: AbortSignal): Promise<AgentRunResult> {
    return new AgentRun(params, deps, signal).run();
}

type PlanVerdict = { done: AgentRunResult } | { reply: string };

class AgentRun {
    private readonly messages: ChatMessage[];
    private readonly steps: AgentStep[] = [];
    private readonly toolsByName: Map<string, AgentTool>;
    private readonly definitions: ToolDefinition[];
    private readonly usage = { steps: 0, generatedTokens: 0, evaluatedTokens: 0 };
    private anchorRetried = false;
    private readonly checkFailures: string[] = [];

    constructor(private readonly params: Params, private readonly deps: AgentDeps, private readonly signal: AbortSignal) {
        this.toolsByName = new Map(deps.tools.map((tool) => [tool.definition.name, tool]));
        this.definitions = [...deps.tools.map((tool) => tool.definition), SUBMIT_PLAN_TOOL];
        const developer = developerMessage(params.kind, this.definitions.map((tool) => tool.name));
        this.messages = [
            { role: "system", content: deps.toolNote ? `${developer}\n${deps.toolNote}` : developer },
            { role: "user", content: userMessage(params) },
        ];
    }

    async run(): Promise<AgentRunResult> {
        for (const text of this.deps.notices ?? []) this.steps.push({ type: "notice", text });
        for (;;) {
            if (this.usage.steps >= this.params.maxSteps) {
                return this.failed(`The task took all ${this.params.maxSteps} steps without an edit plan. Try a narrower task or raise gptOss.agent.maxSteps.`);
            }
            const budget = this.params.maxTokens - this.usage.generatedTokens;
            if (budget <= 0) return this.failed(`The task spent its budget of ${this.params.maxTokens} generated tokens without an edit plan.`);
            this.usage.steps += 1;
            this.deps.progress(this.usage.steps === 1 ? "thinking" : `thinking (step ${this.usage.steps})`);
            const turn = await this.deps.engine.chatTurn(
                {
                    messages: this.messages, reasoningEffort: this.params.reasoningEffort, tools: this.definitions, maxTokens: Math.min(budget, MAX_TOKENS_PER_TURN),
                    ...(this.params.seed === undefined ? {} : { sampling: { seed: this.params.seed + this.usage.steps } }),
                },
                this.onChunk, this.signal,
            );
            this.count(turn.usage);
            if (turn.reasoning !== "") this.steps.push({ type: "thinking", text: turn.reasoning });
            if (turn.stopReason === "cancelled" || this.signal.aborted) throw new EngineError("cancelled", "The agent task was cancelled.");

            if (turn.stopReason === "tool-calls") {
                this.messages.push({ role: "assistant", content: turn.text, reasoning: turn.reasoning, toolCalls: turn.toolCalls });
                for (const call of turn.toolCalls) {
                    const verdict = await this.answer(call);
                    if ("done" in verdict) return verdict.done;
                    this.messages.push({ role: "tool", toolCallId: call.id, name: call.name, content: verdict.reply });
                }
                continue;
            }
            if (turn.stopReason === "max-tokens") {
                return this.failed(`The model's answer was cut off at ${turn.usage.generatedTokens} tokens before it finished (the task's token budget or the per-step limit).`);
            }
            // The model answered in prose instead of calling submit_plan: ask for the plan itself,
            // with the grammar making sure it comes as one.
            const verdict = await this.planFromProse(turn);
            if ("done" in verdict) return verdict.done;
            this.messages.push({ role: "user", content: verdict.reply });
        }
    }

    private readonly onChunk: ChatChunkSink = () => undefined;

    private async answer(call: ToolCall): Promise<PlanVerdict> {
        if (call.name === SUBMIT_PLAN) {
            const plan = parseToolArguments(call.arguments, EditPlan);
            if (typeof plan === "string") return { reply: this.recordToolStep(call, "submitting the plan", `Error: ${plan}`, true) };
            return this.consider(plan);
        }
        const context: ToolContext = { signal: this.signal, trusted: this.params.workspaceTrusted, report: (message) => this.deps.progress(message) };
        const outcome = await runToolCall(call, this.toolsByName, context, (summary) => this.deps.progress(summary));
        return { reply: this.recordToolStep(call, outcome.summary, outcome.reply, outcome.isError) };
    }

    /** Applies the plan in memory, retries anchors once, runs the check, decides. */
    private async consider(plan: EditPlan): Promise<PlanVerdict> {
        this.steps.push({ type: "plan", summary: plan.summary, files: plan.files.length });
        this.deps.progress(`applying the plan (${plan.files.length} ${plan.files.length === 1 ? "file" : "files"})`);
        const { changes, failures } = await this.deps.planner.apply(plan);
        if (failures.length > 0) {
            if (!this.anchorRetried) {
                this.anchorRetried = true;
                this.steps.push({ type: "anchor-retry", failures });
                this.deps.progress("some edits did not match the files; asking the model to correct them");
                return { reply: `${this.deps.planner.formatFailures(failures)}\nNothing was applied. Call submit_plan again with the whole corrected plan.` };
            }
            return { done: this.result("failed", plan.summary, [], failures, null, `${failures.length} ${failures.length === 1 ? "edit" : "edits"} of the plan did not match the files, even after a retry; nothing was changed.`) };
        }
        if (changes.length === 0) return { done: this.result("no-changes", plan.summary, [], [], null) };

        const verifier = this.deps.verifier;
        if (verifier === null || !this.params.workspaceTrusted) return { done: this.result("proposed", plan.summary, changes, [], null) };
        this.deps.progress(`running ${verifier.command} in the sandbox`);
        const outcome = await verifier.run(changes, this.signal);
        if (this.signal.aborted) throw new EngineError("cancelled", "The agent task was cancelled.");
        if (outcome.refused !== undefined) {
            this.steps.push({ type: "notice", text: `The check ${verifier.command} did not run: ${outcome.refused}` });
            return { done: this.result("proposed", plan.summary, changes, [], null) };
        }
        this.steps.push({ type: "check", command: verifier.command, passed: outcome.passed, output: outcome.output });
        this.deps.progress(`${verifier.command} ${outcome.passed ? "passed" : "failed"}`);
        if (!outcome.passed && this.checkFailures.length < this.params.repairRounds) {
            this.checkFailures.push(outcome.output);
            return { reply: `${verifier.formatForModel(outcome)}\nThe files are unchanged. Call submit_plan again with the whole corrected plan.` };
        }
        const verification: AgentVerification = {
            command: verifier.command,
            passed: outcome.passed,
            output: outcome.output,
            repairs: this.checkFailures.length,
            earlierFailures: this.checkFailures.map((output) => ({ output })),
        };
        return { done: this.result("proposed", plan.summary, changes, [], verification) };
    }

    private async planFromProse(turn: ChatTurnResult): Promise<PlanVerdict> {
        this.messages.push({ role: "assistant", content: turn.text });
        this.steps.push({ type: "notice", text: "The model answered in prose; its edit plan was asked for as structured output." });
        this.deps.progress("writing the edit plan");
        const budget = this.params.maxTokens - this.usage.generatedTokens;
        if (budget <= 0) return { done: this.failed(`The task spent its budget of ${this.params.maxTokens} generated tokens without an edit plan.`) };
        let structured;
        try {
            structured = await this.deps.engine.structured({
                messages: [...this.messages, { role: "user", content: "Now write the edit plan for that as JSON (summary and files; an empty files list if nothing changes)." }],
                jsonSchema: EDIT_PLAN_SCHEMA,
                reasoningEffort: "low",
                maxTokens: Math.min(budget, MAX_TOKENS_PER_TURN),
                ...(this.params.seed === undefined ? {} : { sampling: { seed: this.params.seed } }),
            }, this.signal);
        } catch (error) {
            // Cut off or unparseable: the task ends in a failure the user can read, not an error.
            if (this.signal.aborted || !(error instanceof EngineError) || error.code !== "generation-failed") throw error;
            return { done: this.failed(`The model did not write a usable edit plan: ${error.message}`) };
        }
        this.count(structured.usage);
        const plan = EditPlan.safeParse(structured.value);
        if (!plan.success) return { done: this.failed(`The model's edit plan does not have the expected shape: ${plan.error.issues[0]?.message ?? "unknown"}.`) };
        return this.consider(plan.data);
    }

    private recordToolStep(call: ToolCall, summary: string, result: string, isError: boolean): string {
        // A python cell is shown with its code above its output; the model's answer is the output alone.
        const shown = call.name === PYTHON_TOOL ? pythonStepText(call.arguments, result) : result;
        this.steps.push({ type: "tool", name: call.name, arguments: call.arguments, summary, result: shown, isError });
        return result;
    }

    private count(usage: { generatedTokens: number; evaluatedTokens: number }): void {
        this.usage.generatedTokens += usage.generatedTokens;
        this.usage.evaluatedTokens += usage.evaluatedTokens;
    }

    private failed(error: string): AgentRunResult {
        return this.result("failed", "", [], [], null, error);
    }

    private result(outcome: AgentRunResult["outcome"], summary: string, changes: FileChange[], failures: AnchorFailure[], verification: AgentVerification | null, error?: string): AgentRunResult {
        return {
            outcome, summary, changes, failures, verification, steps: this.steps, transcript: this.messages, usage: { ...this.usage },
            ...(error === undefined ? {} : { error }),
        };
    }
}
