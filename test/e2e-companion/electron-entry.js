// The --extensionTestsPath module for @vscode/test-electron: the same cases, TAP on stdout,
// and a rejection (non-zero exit of VS Code) when any fails.
const vscode = require("vscode");
const { runSuite } = require("./suite.js");
const { toTap } = require("./tap.js");

async function run() {
    const results = await runSuite(vscode);
    process.stdout.write(toTap(results));
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) throw new Error(`${failed.length} companion case(s) failed: ${failed.map((r) => r.name).join(", ")}`);
}

module.exports = { run };
