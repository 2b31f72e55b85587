// Debian's Chromium driven by playwright-core (which downloads no browser of its own). The
// flags keep it from reaching for the network or a GPU, neither of which these machines have.
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "../../../scripts/code-server.mjs";

export function launchBrowser(): Promise<Browser> {
    return chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    });
}
