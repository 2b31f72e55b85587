// python: gpt-oss's stateful python tool, backed by the sandbox's python session
// (createPythonSession): cells run one after another in one interpreter, so variables, imports
// and functions persist between the calls of one agent task or one chat answer. The session runs
// where run_code runs, under the same rules: an untrusted workspace runs nothing, the sandbox's
// mode decides whether a cell runs isolated without asking, asks first, or is refused, and
// without isolation every cell needs the user's approval. The session starts at the first call
// and is disposed when its task or answer ends.
import { z } from "zod";
import { SandboxRefusedError, WorkspaceError, type PythonSession, type Sandbox } from "../../sandbox/index.ts";
import { defineTool, ToolError, type AgentTool } from "../tool.ts";
import { formatRun } from "./run-code-tool.ts";

export const PYTHON_TOOL = "python";

const CellArgs = z.object({ code: z.string().min(1) });

export interface PythonTool {
    readonly tool: AgentTool;
    /** Ends the interpreter (the task or the answer is over); safe when it never started. */
    dispose(): void;
}

export function pythonTool(sandbox: () => Promise<Sandbox>, workspaceRoot: string): PythonTool {
    let session: PythonSession | null = null;
    let disposed = false;
    const tool = defineTool({
        name: PYTHON_TOOL,
        description: "Run Python in a stateful session: variables, imports and functions persist between calls in this task, and the value of a final expression is shown. " +
            "It runs in an isolated sandbox with no network; the workspace is read-only at /workspace, the current folder. Returns the output of the cell.",
        args: CellArgs,
        describe: ({ code }) => `running a python cell in the sandbox (${firstLine(code)})`,
        async run({ code }, context) {
            if (!context.trusted) throw new ToolError("Code execution is off: this workspace is not trusted.");
            if (disposed) throw new ToolError("The python session has ended.");
            try {
                session ??= (await sandbox()).createPythonSession({ workspace: { path: workspaceRoot, mode: "readonly" } });
                return formatRun(await session.exec(code, { signal: context.signal }));
            } catch (error) {
                if (error instanceof SandboxRefusedError) throw new ToolError(`The cell did not run: ${error.message}`);
                if (error instanceof WorkspaceError) throw new ToolError(`The cell did not run: ${error.message}`);
                throw error;
            }
        },
    });
    return {
        tool,
        dispose() {
            disposed = true;
            session?.dispose();
        },
    };
}

/** Cells and output longer than this are cut in the transcript (the model got the whole answer). */
const SHOWN_CHARS = 4_000;

/**
 * A cell and its output as people read them in the agent's transcript and under the chat's
 * Thinking: the code the model ran, then what came back. `argumentsJson` is the call's raw
 * arguments; when they do not parse, only the answer is shown.
 */
export function pythonStepText(argumentsJson: string, answer: string): string {
    let code: string | null = null;
    try {
        const parsed = CellArgs.safeParse(JSON.parse(argumentsJson));
        if (parsed.success) code = parsed.data.code;
    } catch {
        // not JSON: the tool runner already told the model
    }
    if (code === null) return answer;
    return `cell:\n${cut(code.replace(/\n+$/, ""))}\noutput:\n${cut(answer)}`;
}

function cut(text: string): string {
    return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS)}\n[… ${text.length - SHOWN_CHARS} more characters]`;
}

function firstLine(code: string): string {
    const line = code.trim().split("\n")[0] ?? "";
    return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
