// ESLint (flat config) with typescript-eslint. Besides the usual mistakes it checks two things
// the compiler does not:
//  - the boundaries between processes and layers (scripts/lint/import-boundaries.mjs): who may
//    import whom, so a shortcut across a process boundary fails CI instead of shipping;
//  - promises: none left floating (an unhandled rejection kills nothing and reports nothing)
//    and none passed where a callback's result is ignored.
// `npm run lint` runs it; `npm test` runs it after the type check.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importBoundaries } from "./scripts/lint/import-boundaries.mjs";

const EVERY_ROOM = ["protocol", "extension", "server", "webview", "test", "scripts", "bench"];
const NODE_BUILTINS = { group: ["node:*"], message: "this room runs in no Node process" };
const VSCODE = { name: "vscode", message: "only the extension host has the vscode API" };

/** Who may import whom. Each entry: files under `from` may not import anything under `to` (but `except`). */
const boundaries = [
    { from: "protocol", to: EVERY_ROOM.filter((room) => room !== "protocol"), why: "protocol/ is the shared contract; it depends on no process" },
    { from: "extension", to: ["server", "webview", "test", "bench"], why: "the extension reaches the server only through protocol/ messages" },
    { from: "server", to: ["extension", "webview", "test", "bench"], why: "the server reaches the extension only through protocol/ messages" },
    {
        from: "webview", to: EVERY_ROOM.filter((room) => room !== "webview"), except: ["protocol/webview.ts"],
        why: "the chat page talks to the extension only through protocol/webview.ts messages",
    },
    {
        from: "server/engine", to: ["server/completion", "server/chat", "server/agent"],
        why: "the engine runs models; completion, chat and agent build on it, never the reverse",
    },
];

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", ".cache/**", "test-results/**", "bench-results/**", "out/**", "test/e2e-companion/**", "test/fixtures/agent-project/**", "test/fixtures/verify-project/**", "test/fixtures/edit-plan/**", "test/sandbox/fixtures/**", "test/e2e/fixtures/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { local: { rules: { "import-boundaries": importBoundaries } } },
        rules: {
            "local/import-boundaries": ["error", boundaries],
            // node:test's test() and describe() return promises the runner itself awaits.
            "@typescript-eslint/no-floating-promises": ["error", {
                allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"] }],
            }],
            "@typescript-eslint/no-misused-promises": "error",
            // A leading underscore marks a name kept on purpose (a parameter an interface requires,
            // a field destructured out so the rest can be passed on).
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
        },
    },
    {
        files: ["**/*.mjs", "**/*.js"],
        languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" } },
    },
    { files: ["protocol/**/*.ts"], rules: { "no-restricted-imports": ["error", { paths: [VSCODE], patterns: [NODE_BUILTINS] }] } },
    { files: ["webview/**/*.ts"], rules: { "no-restricted-imports": ["error", { paths: [VSCODE], patterns: [NODE_BUILTINS] }] } },
    {
        files: ["server/**/*.ts"],
        rules: { "no-restricted-imports": ["error", { paths: [VSCODE], patterns: [{ group: ["vscode-languageclient*"], message: "the language client belongs to the extension" }] }] },
    },
    {
        files: ["extension/**/*.ts"],
        rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["vscode-languageserver*", "node-llama-cpp"], message: "the server's libraries stay in the server" }] }] },
    },
);
