// Turns `path:line` mentions in rendered answers into links the extension can open. Only text
// outside code blocks and links is touched; a mention the extension found to be wrong is marked
// so it does not pose as a working link.
import { REFERENCE_PATTERN, type Reference } from "../protocol/webview.ts";

export function linkReferences(root: HTMLElement): void {
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => (node.parentElement?.closest("pre, a") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const texts: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
    for (const node of texts) {
        const value = node.data;
        const matches = [...value.matchAll(REFERENCE_PATTERN)];
        if (matches.length === 0) continue;
        const fragment = root.ownerDocument.createDocumentFragment();
        let last = 0;
        for (const match of matches) {
            const start = match.index;
            fragment.append(value.slice(last, start));
            const link = root.ownerDocument.createElement("a");
            link.className = "ref";
            link.href = "#";
            link.dataset.path = match[1]!;
            link.dataset.line = match[2]!;
            link.textContent = match[0];
            link.title = `Open ${match[1]} at line ${match[2]}`;
            fragment.append(link);
            last = start + match[0].length;
        }
        fragment.append(value.slice(last));
        node.replaceWith(fragment);
    }
}

/** Marks the links the extension could not resolve. */
export function markReferences(root: HTMLElement, references: readonly Reference[]): void {
    for (const link of root.querySelectorAll<HTMLAnchorElement>("a.ref")) {
        const found = references.find((reference) => reference.path === link.dataset.path && String(reference.line) === link.dataset.line);
        if (!found || found.status === "ok") continue;
        link.classList.add("missing");
        link.setAttribute("aria-disabled", "true");
        link.title = found.status === "missing-file" ? `${found.path} does not exist in this workspace` : `${found.path} has no line ${found.line}`;
    }
}
