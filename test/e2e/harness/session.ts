// One case's running world: a throwaway profile with our VSIX (and the companion when asked)
// installed, code-server serving it, Chromium showing it. close() takes it all down and then
// checks that nothing of it is still running: a leak fails the case that caused it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { installExtension, launch, type CodeServerSession } from "../../../scripts/code-server.mjs";
import { isAlive, pidsWithCommandLine, pidsWithEnv, terminate } from "../../../scripts/code-server/processes.mjs";
import { Workbench } from "../workbench.ts";
import { launchBrowser } from "./browser.ts";
import { EXTENSION_ID } from "./paths.ts";
import { modelSettings, type Profile } from "./profile.ts";
import type { E2eSetup } from "./setup.ts";

const EXIT_GRACE_MS = 10_000;

function commandOf(pid: number): string {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 200);
    } catch {
        return "gone";
    }
}
import { waitUntil } from "./wait.ts";

export interface SessionOptions {
    /** Settings over the model settings (synthetic model, CPU, 2048 ctx, 1 thread). */
    settings?: Record<string, unknown>;
    /** Install the test-only companion, which writes its TAP to `companionResults`. */
    companion?: boolean;
    /** Change the workspace copy before code-server opens it (e.g. add a corrupt model file). */
    prepareWorkspace?: (workspace: string) => void;
}

const SESSION_ENV = "GPT_OSS_CODE_SERVER_SESSION";

export class E2eSession {
    private constructor(
        readonly profile: Profile,
        readonly server: CodeServerSession,
        readonly browser: Browser,
        readonly page: Page,
        readonly workbench: Workbench,
        readonly companionResults: string,
    ) {}

    /**
     * Starts everything on `profile` (made by the caller, who removes it: after a failed open
     * its logs are still wanted).
     */
    static async open(setup: E2eSetup, profile: Profile, options: SessionOptions = {}): Promise<E2eSession> {
        const companionResults = `${profile.root}/companion.tap`;
        let server: CodeServerSession | undefined;
        let browser: Browser | undefined;
        try {
            options.prepareWorkspace?.(profile.workspace);
            const vsixes = options.companion ? [setup.vsix, setup.companionVsix] : [setup.vsix];
            installExtension(vsixes, profile.extensionsDir, profile.userDataDir);
            server = await launch({
                workspace: profile.workspace,
                extensionsDir: profile.extensionsDir,
                userDataDir: profile.userDataDir,
                settings: { ...modelSettings(setup), ...options.settings },
                env: options.companion ? { GPT_OSS_COMPANION_RESULTS: companionResults } : {},
            });
            browser = await launchBrowser();
            const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
            await page.goto(server.url);
            const workbench = new Workbench(page);
            await workbench.waitUntilReady();
            return new E2eSession(profile, server, browser, page, workbench, companionResults);
        } catch (error) {
            await browser?.close().catch(() => undefined);
            await server?.stop().catch(() => undefined);
            throw error;
        }
    }

    /** Our language server's processes (node …/extensions/gpt-oss-assistant…/dist/server.mjs). */
    languageServerPids(): number[] {
        return pidsWithCommandLine(this.profile.extensionsDir, "dist/server.mjs");
    }

    /**
     * Our output channel's log file (the server's log plus the client's lines), as the
     * extension host writes it: <user-data>/logs/<session>/exthost<n>/<extension id>/gpt-oss.log.
     */
    serverLog(): string {
        const logs = join(this.profile.userDataDir, "logs");
        if (!existsSync(logs)) return "";
        const files = readdirSync(logs).flatMap((session) => {
            const sessionDir = join(logs, session);
            return readdirSync(sessionDir)
                .filter((name) => name.startsWith("exthost"))
                .map((host) => join(sessionDir, host, EXTENSION_ID, "gpt-oss.log"));
        });
        return files.filter((file) => existsSync(file)).map((file) => readFileSync(file, "utf8")).join("");
    }

    /**
     * Starts the language server the way a person can without a model ("gpt-oss: Restart
     * Server") and waits until it has logged that it is up; returns its pid. Killing it
     * before then tests a crash during start-up instead.
     */
    async startLanguageServer(): Promise<number> {
        const before = new Set(this.languageServerPids());
        await this.workbench.palette.run("gpt-oss: Restart Server");
        const pid = await waitUntil(() => this.languageServerPids().find((other) => !before.has(other)), "a new language server process");
        await waitUntil(() => (this.serverLog().includes(`language server started (pid ${pid},`) ? true : undefined), `the log line "language server started (pid ${pid}, …)"`);
        return pid;
    }

    private leftovers(): number[] {
        return [...new Set([...pidsWithEnv(SESSION_ENV, this.server.session), ...pidsWithCommandLine(this.profile.root)])]
            .filter((pid) => pid !== process.pid);
    }

    /**
     * Closes the browser and code-server; throws if any process of this session survived.
     * stop() returns once code-server's own processes are gone, but a process of ours in another
     * process group (the sandbox's bwrap pair, say) ends only when it notices its parent went, which
     * on a loaded machine takes a moment: a survivor is one still running EXIT_GRACE_MS later (a
     * CI dry run once saw one that had not finished exiting).
     */
    async close(): Promise<void> {
        await this.browser.close().catch(() => undefined);
        await this.server.stop();
        const deadline = Date.now() + EXIT_GRACE_MS;
        let stray = this.leftovers();
        while (stray.length > 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            stray = this.leftovers().filter(isAlive);
        }
        if (stray.length === 0) return;
        const described = stray.map((pid) => `${pid} (${commandOf(pid)})`);
        await terminate(stray, { graceMs: 0 });
        throw new Error(`processes of this session outlived code-server's stop() by ${EXIT_GRACE_MS} ms: ${described.join(", ")}`);
    }
}
