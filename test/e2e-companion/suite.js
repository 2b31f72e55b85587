// Runs every case in cases/ (files in name order, cases in file order) and returns results.
// Plain CommonJS with no dependencies: it runs inside the extension host as it is packaged.
const fs = require("node:fs");
const path = require("node:path");

function loadCases() {
    const dir = path.join(__dirname, "cases");
    return fs.readdirSync(dir)
        .filter((name) => name.endsWith(".js"))
        .sort()
        .flatMap((name) => require(path.join(dir, name)).map((testCase) => ({ ...testCase, file: name })));
}

/** Each case gets `vscode` and must finish within its timeout (default 30 s). */
async function runSuite(vscode) {
    const results = [];
    for (const testCase of loadCases()) {
        const started = Date.now();
        let error;
        let timer;
        try {
            await Promise.race([
                Promise.resolve().then(() => testCase.run(vscode)),
                new Promise((_, reject) => {
                    timer = setTimeout(() => reject(new Error(`timed out after ${testCase.timeoutMs ?? 30000} ms`)), testCase.timeoutMs ?? 30000);
                }),
            ]);
        } catch (caught) {
            error = caught instanceof Error ? caught : new Error(String(caught));
        } finally {
            clearTimeout(timer);
        }
        results.push({ name: `${testCase.file.replace(/\.js$/, "")}: ${testCase.name}`, ok: error === undefined, error, ms: Date.now() - started });
    }
    return results;
}

module.exports = { runSuite };
