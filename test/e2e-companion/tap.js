// Formats results as TAP 13, the format node's own test runner reads and writes.
function yamlString(text) {
    return JSON.stringify(String(text));
}

function toTap(results) {
    const lines = ["TAP version 13", `1..${results.length}`];
    results.forEach((result, index) => {
        lines.push(`${result.ok ? "ok" : "not ok"} ${index + 1} - ${result.name.replace(/#/g, "\\#")}`);
        lines.push("  ---", `  duration_ms: ${result.ms}`);
        if (!result.ok) {
            lines.push(`  message: ${yamlString(result.error.message)}`);
            lines.push(`  stack: ${yamlString(result.error.stack ?? "")}`);
        }
        lines.push("  ...");
    });
    const failed = results.filter((result) => !result.ok).length;
    lines.push(`# tests ${results.length}`, `# pass ${results.length - failed}`, `# fail ${failed}`);
    return lines.join("\n") + "\n";
}

module.exports = { toTap };
