// What the agent is told: the developer message (how to work, how to end) with guidance for the
// kind of task, and the user message with the task and where the user is.
import type { AgentRunParams, AgentTaskKind } from "../../protocol/index.ts";

const GUIDANCE: Record<AgentTaskKind, string> = {
    "edit-selection": "Rewrite the selected code as the user asks. Change only what the instruction needs; keep the surrounding code, style and indentation.",
    "fix-problems": "Fix the problems listed (compiler and linter diagnostics). Read the code around each one first; fix causes, not symptoms; do not silence checks.",
    "write-tests": "Write tests for the given code in the project's own test framework and folder, following the existing tests' naming and style (look for them first). Create new test files with action \"write\".",
    "document": "Add documentation comments in the language's usual style (JSDoc, docstrings, ///) to the given code. Do not change any code, only add comments.",
    "free": "Carry out the task across the workspace. Find every place that needs to change (search for names) before planning.",
};

export function developerMessage(kind: AgentTaskKind, tools: readonly string[]): string {
    return [
        "You are a coding agent working in the user's workspace. The user reviews your edits as a diff before anything is written.",
        GUIDANCE[kind],
        `Tools: ${tools.join(", ")}. Read the files you will change before planning; never guess their contents.`,
        "Finish by calling submit_plan exactly once with the edit plan:",
        "- action \"edit\": search/replace pairs. Each search is text copied exactly from the file as it is now (whole lines, with enough context to occur only once); replace is what takes its place.",
        "- action \"write\": the whole content of a new file (or of a file you rewrite completely); \"delete\" and \"rename\" as named.",
        "- summary: one or two sentences for the reviewer.",
        "If nothing needs to change, call submit_plan with an empty files list and say why in the summary.",
        "Paths are relative to the workspace folder.",
    ].join("\n");
}

export function userMessage(params: Pick<AgentRunParams, "instruction" | "focus" | "openBuffers">): string {
    const parts = [params.instruction.trim()];
    const { focus } = params;
    if (focus?.selection) {
        const { startLine, endLine, text } = focus.selection;
        parts.push(`Selected in ${focus.path}, lines ${startLine + 1}-${endLine + 1}:\n\`\`\`\n${text}\n\`\`\``);
    } else if (focus) {
        parts.push(`The file open in the editor: ${focus.path}`);
    }
    if (params.openBuffers.length > 0) {
        parts.push(`Files with unsaved changes (read_file shows the unsaved text): ${params.openBuffers.map((buffer) => buffer.path).join(", ")}`);
    }
    return parts.join("\n\n");
}
