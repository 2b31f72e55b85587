// Builds the three bundles with esbuild: the extension (CommonJS, `vscode` external), the
// language server (ESM for Node, node-llama-cpp external because it ships native binaries),
// and the chat webview (browser IIFE). `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

const common = {
    bundle: true,
    sourcemap: true,
    minify: production,
    logLevel: "info",
    legalComments: "none",
};

/** @type {import("esbuild").BuildOptions[]} */
const bundles = [
    {
        ...common,
        entryPoints: ["extension/main.ts"],
        outfile: "dist/extension.cjs",
        platform: "node",
        format: "cjs",
        target: "node20",
        external: ["vscode"],
    },
    {
        ...common,
        entryPoints: ["server/main.ts"],
        outfile: "dist/server.mjs",
        platform: "node",
        format: "esm",
        target: "node20",
        external: ["node-llama-cpp"],
        // vscode-languageserver is CommonJS and calls require() for Node built-ins; an ESM
        // bundle has no `require`, so give it one.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    },
];
if (existsSync("webview/main.ts")) {
    bundles.push({
        ...common,
        entryPoints: ["webview/main.ts"],
        outfile: "dist/webview.js",
        platform: "browser",
        format: "iife",
        target: "es2022",
    });
}

if (watch) {
    const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    console.log("watching for changes…");
} else {
    await Promise.all(bundles.map((options) => esbuild.build(options)));
}
