// What a case leaves for people to look at: numbered screenshots at its checkpoints, and on
// failure a last screenshot plus the logs (our server's output channel, the extension host's,
// code-server's own), all under test-results/e2e/<case>/.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Page } from "playwright-core";
import { resultsRoot } from "./paths.ts";

function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80);
}

/** Every *.log under `dir`, recursively. */
function logFiles(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return logFiles(path);
        return name.endsWith(".log") ? [path] : [];
    });
}

export class Artifacts {
    readonly dir: string;
    private count = 0;

    constructor(testName: string) {
        this.dir = join(resultsRoot, slug(testName));
        // A rerun replaces the last run's pictures rather than mixing with them.
        rmSync(this.dir, { recursive: true, force: true });
        mkdirSync(this.dir, { recursive: true });
    }

    /** Saves <n>-<label>.png and returns its path. */
    async screenshot(page: Page, label: string): Promise<string> {
        this.count += 1;
        const path = join(this.dir, `${String(this.count).padStart(2, "0")}-${slug(label)}.png`);
        await page.screenshot({ path });
        return path;
    }

    /** On failure: a screenshot (if the page still answers), the error, and every log. */
    async saveFailure(error: unknown, page: Page | undefined, logSources: { userDataDir?: string; codeServerLog?: string }): Promise<void> {
        const text = error instanceof Error ? `${error.stack ?? error.message}` : String(error);
        writeFileSync(join(this.dir, "failure.txt"), text + "\n");
        if (page) await page.screenshot({ path: join(this.dir, "failure.png"), timeout: 5000 }).catch(() => undefined);
        const logsDir = join(this.dir, "logs");
        if (logSources.userDataDir) {
            const base = join(logSources.userDataDir, "logs");
            // exthost1/remoteexthost.log (the extension host), exthost1/<our id>/gpt-oss.log
            // (our output channel: the server's log), remoteagent.log, …
            for (const file of logFiles(base)) {
                const target = join(logsDir, relative(base, file));
                mkdirSync(join(target, ".."), { recursive: true });
                cpSync(file, target);
            }
        }
        if (logSources.codeServerLog && existsSync(logSources.codeServerLog)) {
            mkdirSync(logsDir, { recursive: true });
            cpSync(logSources.codeServerLog, join(logsDir, "code-server.out.log"));
        }
    }
}
