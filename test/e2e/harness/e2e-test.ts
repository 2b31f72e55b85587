// `e2eTest(name, options, body)`: a node:test case with its own code-server, browser and
// profile, torn down whatever happens, with screenshots and logs saved when it fails.
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import type { Page } from "playwright-core";
import type { Workbench } from "../workbench.ts";
import { Artifacts } from "./artifacts.ts";
import { createProfile, type Profile } from "./profile.ts";
import { E2eSession, type SessionOptions } from "./session.ts";
import { loadSetup, type E2eSetup } from "./setup.ts";

export interface E2eTestOptions extends SessionOptions {
    /** Skip (with the reason) when the synthetic model could not be made. */
    needsModel?: boolean;
    /** Which folder of test/e2e/fixtures to copy as the workspace (default "workspace"). */
    fixture?: string;
    /** Settings may depend on the setup (e.g. the model's path). */
    settingsFor?: (setup: E2eSetup, profile: Profile) => Record<string, unknown>;
    timeoutMs?: number;
}

export interface E2eContext {
    workbench: Workbench;
    page: Page;
    session: E2eSession;
    setup: E2eSetup;
    t: TestContext;
    /** Screenshot checkpoint: test-results/e2e/<case>/<n>-<label>.png */
    checkpoint(label: string): Promise<string>;
}

export function e2eTest(name: string, options: E2eTestOptions, body: (context: E2eContext) => Promise<void>): void {
    test(name, { timeout: options.timeoutMs ?? 180_000 }, async (t) => {
        const setup = await loadSetup();
        if (options.needsModel && setup.model === null) {
            t.skip(setup.modelSkipReason ?? "no synthetic model");
            return;
        }
        const artifacts = new Artifacts(name);
        const profile = createProfile(options.fixture);
        let session: E2eSession | undefined;
        let failure: unknown;
        try {
            const settings = { ...options.settings, ...options.settingsFor?.(setup, profile) };
            session = await E2eSession.open(setup, profile, { ...options, settings });
            const opened = session;
            await body({
                workbench: opened.workbench,
                page: opened.page,
                session: opened,
                setup,
                t,
                checkpoint: (label) => artifacts.screenshot(opened.page, label),
            });
        } catch (error) {
            failure = error;
            await artifacts.saveFailure(error, session?.page, {
                userDataDir: profile.userDataDir,
                // launch() writes it there; known even when the launch itself failed.
                codeServerLog: join(profile.userDataDir, "code-server.out.log"),
            });
            throw error;
        } finally {
            try {
                await session?.close();
            } catch (error) {
                // A leak is a failure of its own, but not one to hide the case's first error.
                // eslint-disable-next-line no-unsafe-finally -- the leak is this case's only failure, so it must be reported
                if (failure === undefined) throw error;
            } finally {
                if (process.env.GPT_OSS_E2E_KEEP !== "1") profile.remove();
            }
        }
    });
}
