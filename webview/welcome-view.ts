// The chat view's welcome while no model is ready: the model's state, what is happening to it,
// and the three ways to get one (download gpt-oss-20b, a GGUF file already here, a server).
// Hidden once a model is ready; back when it is unloaded. Text only (textContent), no HTML.
import type { ModelPanel, ToExtension, WelcomeAction } from "../protocol/webview.ts";

interface ActionSpec { action: WelcomeAction; label: string; hint: (panel: ModelPanel) => string; primary?: boolean }

const ACTIONS: readonly ActionSpec[] = [
    {
        action: "download", label: "Download gpt-oss-20b", primary: true,
        hint: (panel) => `12.1 GB from Hugging Face, stored in ${panel.downloadDirectory}. It runs offline afterwards.`,
    },
    { action: "localFile", label: "Use a GGUF file I have", hint: () => "Pick a .gguf file on this machine; it is checked as a gpt-oss model before use." },
    { action: "remote", label: "Connect to a server", hint: () => "vLLM, SGLang, Ollama, llama-server or a cloud endpoint (OpenAI-compatible)." },
];

export class WelcomeView {
    readonly element: HTMLElement;
    private readonly state: HTMLElement;
    private readonly activity: HTMLElement;
    private readonly error: HTMLElement;
    private readonly fit: HTMLElement;
    private readonly hints = new Map<WelcomeAction, HTMLElement>();
    private readonly buttonsByAction = new Map<WelcomeAction, HTMLButtonElement>();
    private readonly buttons: HTMLButtonElement[] = [];

    constructor(document: Document, post: (message: ToExtension) => void) {
        const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ""): HTMLElementTagNameMap[K] => {
            const element = document.createElement(tag);
            element.className = className;
            element.textContent = text;
            return element;
        };
        this.element = make("section", "welcome");
        this.element.id = "welcome";
        this.element.setAttribute("aria-label", "Get a model");
        this.element.hidden = true;
        const title = make("h2", "welcome-title", "Get gpt-oss running");
        const intro = make("p", "welcome-intro", "The chat, completions and agent tasks need a gpt-oss model. Choose one way:");
        this.state = make("p", "welcome-state");
        this.state.setAttribute("role", "status");
        this.activity = make("p", "welcome-activity");
        this.error = make("p", "welcome-error");
        const actions = make("div", "welcome-actions");
        for (const spec of ACTIONS) {
            const button = make("button", spec.primary ? "primary" : "", spec.label);
            button.type = "button";
            button.dataset.action = spec.action;
            button.addEventListener("click", () => post({ type: "welcomeAction", action: spec.action }));
            const hint = make("p", "welcome-hint");
            this.hints.set(spec.action, hint);
            this.buttonsByAction.set(spec.action, button);
            this.buttons.push(button);
            actions.append(button, hint);
        }
        this.fit = make("p", "welcome-fit");
        this.element.append(title, intro, this.state, this.activity, this.error, actions, this.fit);
    }

    render(panel: ModelPanel): void {
        this.element.hidden = panel.ready;
        this.state.textContent = `Model: ${panel.state.replace(/^gpt-oss:\s*/, "")}`;
        this.activity.textContent = panel.activity ?? "";
        this.activity.hidden = panel.activity === null;
        this.error.textContent = panel.error ?? "";
        this.error.hidden = panel.error === null || panel.activity !== null;
        this.fit.textContent = panel.fitNote ?? "";
        this.fit.hidden = panel.fitNote === null;
        for (const spec of ACTIONS) {
            // The hint is also the button's tooltip: under a conversation the welcome hides its hints.
            this.hints.get(spec.action)!.textContent = spec.hint(panel);
            this.buttonsByAction.get(spec.action)!.title = spec.hint(panel);
        }
        // One way at a time: a second click while a step runs would start a second load.
        for (const button of this.buttons) button.disabled = panel.activity !== null;
    }
}
