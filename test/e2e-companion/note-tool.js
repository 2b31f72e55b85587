// A language-model tool as another extension would register one (vscode.lm.registerTool): it
// appends its note to notes.txt in the workspace, so a test can see that it ran, and with what.
const fs = require("node:fs");
const path = require("node:path");

const NOTE_TOOL = "gptOssE2e_recordNote";

function registerNoteTool(vscode) {
    return vscode.lm.registerTool(NOTE_TOOL, {
        async invoke(options) {
            const folder = vscode.workspace.workspaceFolders?.[0];
            if (!folder) throw new Error("no folder is open");
            fs.appendFileSync(path.join(folder.uri.fsPath, "notes.txt"), `${options.input.note}\n`);
            return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`noted: ${options.input.note}`)]);
        },
    });
}

module.exports = { NOTE_TOOL, registerNoteTool };
