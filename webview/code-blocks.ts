// Adds Copy / Insert / Apply to every rendered code block of an answer. The code sent is the
// block's own text from the final channel; reasoning is rendered elsewhere as plain text and
// never gets these buttons, so analysis cannot reach an edit.
import type { ToExtension } from "../protocol/webview.ts";
import { fenceLanguage } from "./markdown.ts";

export function addCodeActions(block: HTMLElement, turnId: string, answerRoot: () => HTMLElement, post: (message: ToExtension) => void): void {
    for (const pre of block.querySelectorAll("pre")) {
        const code = pre.querySelector("code");
        if (!code || pre.parentElement?.classList.contains("code-block")) continue;
        const wrapper = block.ownerDocument.createElement("div");
        wrapper.className = "code-block";
        const toolbar = block.ownerDocument.createElement("div");
        toolbar.className = "code-actions";
        toolbar.setAttribute("role", "toolbar");
        const info = code.getAttribute("data-info") ?? "";
        const language = fenceLanguage(info);
        toolbar.setAttribute("aria-label", `Code block${language ? ` (${language})` : ""} actions`);
        const button = (label: string, title: string, onClick: () => void): HTMLButtonElement => {
            const element = block.ownerDocument.createElement("button");
            element.type = "button";
            element.textContent = label;
            element.title = title;
            element.addEventListener("click", onClick);
            return element;
        };
        const text = (): string => code.textContent ?? "";
        toolbar.append(
            button("Copy", "Copy the code", () => post({ type: "copyCode", code: text(), language: info })),
            button("Insert", "Insert at the cursor", () => post({ type: "insertCode", code: text(), language: info, turnId })),
            button("Apply", "Review the change in a diff, then apply it", () => {
                const index = [...answerRoot().querySelectorAll("pre")].indexOf(pre);
                post({ type: "applyCode", code: text(), language: info, turnId, index: Math.max(index, 0) });
            }),
        );
        pre.replaceWith(wrapper);
        wrapper.append(toolbar, pre);
    }
}
