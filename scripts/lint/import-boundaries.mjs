// An ESLint rule that keeps each process in its room: it resolves every relative import (static,
// dynamic, `export … from`, type-only included) against the importing file and reports one that
// lands in a folder the importer's room may not reach. The rooms and their limits are listed in
// eslint.config.mjs; the compiler's per-process projects (tsconfig.json) back them up with globals.
import path from "node:path";

/** @typedef {{ from: string, to: string[], except?: string[], why: string }} Boundary */

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Repository-relative, forward slashes. */
function relative(file) {
    return path.relative(ROOT, file).split(path.sep).join("/");
}

function inside(file, folder) {
    return file === folder || file.startsWith(folder.endsWith("/") ? folder : `${folder}/`);
}

/** @type {import("eslint").Rule.RuleModule} */
export const importBoundaries = {
    meta: {
        type: "problem",
        docs: { description: "imports stay inside the boundaries between processes and layers" },
        schema: [{ type: "array" }],
        messages: { crossed: "{{importer}} may not import {{target}}: {{why}}" },
    },
    create(context) {
        /** @type {Boundary[]} */
        const boundaries = context.options[0] ?? [];
        const importer = relative(context.filename);
        const applicable = boundaries.filter((boundary) => inside(importer, boundary.from));
        if (applicable.length === 0) return {};

        function check(node, source) {
            if (typeof source !== "string" || !source.startsWith(".")) return;
            const target = relative(path.resolve(path.dirname(context.filename), source));
            for (const boundary of applicable) {
                if (!boundary.to.some((folder) => inside(target, folder))) continue;
                if (boundary.except?.some((allowed) => inside(target, allowed))) continue;
                context.report({ node, messageId: "crossed", data: { importer, target, why: boundary.why } });
            }
        }

        return {
            ImportDeclaration: (node) => check(node.source, node.source.value),
            ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
            ExportAllDeclaration: (node) => check(node.source, node.source.value),
            ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
        };
    },
};
