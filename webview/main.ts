// Entry of the chat webview bundle (dist/webview.js). The extension's HTML provides the static
// skeleton; this wires it to the messenger.
import "./zod-jitless.ts";
import { ChatPage } from "./chat-page.ts";
import { Composer } from "./composer.ts";
import { createMessenger } from "./messenger.ts";
import { WelcomeView } from "./welcome-view.ts";

function byId<T extends HTMLElement>(id: string): T {
    const element = document.getElementById(id);
    if (!element) throw new Error(`chat view: #${id} is missing`);
    return element as T;
}

const messenger = createMessenger();
const post = messenger.post;
const composer = new Composer(byId("input"), byId("effort"), byId("send"), byId("chips"), post, byId("mentions"));
// The welcome follows the conversation, inside the scrolling area: on an empty chat it is all
// there is, and after a question that could not get a model it sits right under its message.
const welcome = new WelcomeView(document, post);
byId("log").after(welcome.element);
const page = new ChatPage(byId("log"), byId("notice"), composer, post, welcome);
messenger.onMessage((message) => page.handle(message));

byId("new-chat").addEventListener("click", () => post({ type: "newChat" }));
byId("history").addEventListener("click", () => post({ type: "showHistory" }));
byId("attach-selection").addEventListener("click", () => post({ type: "attach", kind: "selection" }));
byId("attach-file").addEventListener("click", () => post({ type: "attach", kind: "file" }));
byId("log").addEventListener("click", (event) => {
    const web = (event.target as Element).closest<HTMLAnchorElement>("a[href]:not(.ref)");
    if (web && /^https?:\/\//i.test(web.getAttribute("href") ?? "")) {
        // The page never navigates or loads anything itself: the extension hands the address to VS Code.
        event.preventDefault();
        post({ type: "openLink", url: web.getAttribute("href")! });
        return;
    }
    const link = (event.target as Element).closest<HTMLAnchorElement>("a.ref");
    if (!link) return;
    event.preventDefault();
    if (link.classList.contains("missing")) return;
    post({ type: "openReference", path: link.dataset.path ?? "", line: Number(link.dataset.line) });
});
post({ type: "ready" });
