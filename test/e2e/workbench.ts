// The page-object entry point: one Workbench per case, with a part for each area a person
// uses, so a case reads like what the person does (`workbench.palette.run("gpt-oss: Load Model")`).
import type { Page } from "playwright-core";
import { Editor } from "./pages/editor.ts";
import { Explorer } from "./pages/explorer.ts";
import { Notifications } from "./pages/notifications.ts";
import { OutputPanel } from "./pages/output.ts";
import { Palette } from "./pages/palette.ts";
import { QuickInput } from "./pages/quick-input.ts";
import { StatusBar } from "./pages/status-bar.ts";
import { Views } from "./pages/views.ts";

export class Workbench {
    readonly explorer: Explorer;
    readonly editor: Editor;
    readonly palette: Palette;
    readonly quickInput: QuickInput;
    readonly notifications: Notifications;
    readonly statusBar: StatusBar;
    readonly output: OutputPanel;
    readonly views: Views;

    constructor(readonly page: Page) {
        this.explorer = new Explorer(page);
        this.editor = new Editor(page);
        this.palette = new Palette(page);
        this.quickInput = new QuickInput(page);
        this.notifications = new Notifications(page);
        this.statusBar = new StatusBar(page);
        this.output = new OutputPanel(page);
        this.views = new Views(page);
    }

    /**
     * The workbench is up and our extension active (its status bar item shows). Keystrokes
     * sent before activation never reach the extension's providers, so cases start here.
     */
    async waitUntilReady({ timeout = 90_000 } = {}): Promise<void> {
        await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout });
        await this.statusBar.waitVisible({ timeout });
    }
}
