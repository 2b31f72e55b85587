// Activated after gpt-oss Assistant (extensionDependencies), runs the API-level cases in this
// real extension host and writes TAP for the e2e harness. The file is written whole and
// renamed into place, so the harness never reads half of it.
const fs = require("node:fs");
const vscode = require("vscode");
const { runSuite } = require("./suite.js");
const { toTap } = require("./tap.js");
const { registerNoteTool } = require("./note-tool.js");

function resultsFile() {
    return process.env.GPT_OSS_COMPANION_RESULTS || vscode.workspace.getConfiguration("gptOssE2e").get("resultsFile") || "";
}

function activate(context) {
    context.subscriptions.push(registerNoteTool(vscode));
    const file = resultsFile();
    if (!file) return; // not in an e2e profile: stay quiet
    // A case that only needs the companion's lm tool turns the suite off.
    if (!vscode.workspace.getConfiguration("gptOssE2e").get("runSuite", true)) return;
    // Not awaited: activation must return promptly; the harness waits for the file.
    void (async () => {
        let tap;
        try {
            tap = toTap(await runSuite(vscode));
        } catch (error) {
            tap = toTap([{ name: "companion: run the suite", ok: false, error, ms: 0 }]);
        }
        fs.writeFileSync(`${file}.partial`, tap);
        fs.renameSync(`${file}.partial`, file);
    })();
}

module.exports = { activate, deactivate() {} };
