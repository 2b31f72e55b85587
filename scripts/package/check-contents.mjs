// The allowlist behind .vscodeignore's denylist: a new top-level folder (or a file a
// dependency should not ship) fails packaging instead of quietly growing the VSIX.
const ALLOWED = [
    /^extension\/dist\//,
    /^extension\/media\//,
    /^extension\/node_modules\//,
    /^extension\/(package\.json|readme\.md|changelog\.md|license(\.(md|txt))?)$/i,
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
];
const FORBIDDEN = [
    /^extension\/node_modules\/node-llama-cpp\/llama\/gitRelease\.bundle$/,
    /^extension\/node_modules\/\.bin\//,
];
const REQUIRED = [
    "extension/package.json",
    "extension/dist/extension.cjs",
    "extension/dist/server.mjs",
    "extension/node_modules/node-llama-cpp/package.json",
    "extension/node_modules/node-llama-cpp/dist/index.js",
];

/** Throws listing every entry outside the allowlist and every required file missing. */
export function checkContents(entries, { binaryPackages = [] } = {}) {
    const problems = [];
    for (const entry of entries) {
        if (!ALLOWED.some((re) => re.test(entry)) || FORBIDDEN.some((re) => re.test(entry))) problems.push(`should not ship: ${entry}`);
    }
    const present = new Set(entries);
    for (const file of REQUIRED) if (!present.has(file)) problems.push(`missing: ${file}`);
    for (const pkg of binaryPackages) {
        if (!present.has(`extension/node_modules/@node-llama-cpp/${pkg}/package.json`)) problems.push(`missing binary package: @node-llama-cpp/${pkg}`);
    }
    if (problems.length > 0) throw new Error(`VSIX contents check failed:\n  ${problems.slice(0, 40).join("\n  ")}${problems.length > 40 ? `\n  … ${problems.length - 40} more` : ""}`);
}
