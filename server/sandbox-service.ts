// The sandbox as the server offers it: created once at start (its capability check runs a
// trial bubblewrap), configured by the extension's settings and workspace trust, and asking the
// user through the extension before any run that would not be isolated.
import type { Connection } from "vscode-languageserver/node";
import { SandboxApprovalRequest, SandboxApprovalResult, SandboxStatusNotification, parseOrThrow, type SandboxStatus } from "../protocol/index.ts";
import { createSandbox, type Sandbox } from "./sandbox/index.ts";
import { sendNotification } from "./rpc.ts";
import { log } from "./log.ts";
import { askEditor } from "./request-signal.ts";

export class SandboxService {
    private readonly ready: Promise<Sandbox>;

    constructor(private readonly connection: Connection) {
        this.ready = createSandbox({
            // Until the extension says the workspace is trusted and which mode the user chose,
            // nothing runs.
            mode: "disable",
            approve: async (request) => {
                // Withdrawn with the request (agent task, sandbox run) that needed it.
                const answer = await askEditor(this.connection, SandboxApprovalRequest.method, request);
                return parseOrThrow(SandboxApprovalResult, answer, SandboxApprovalRequest.method, "result").approved;
            },
        });
        this.ready.then((sandbox) => {
            log.info(`sandbox: ${sandbox.capabilities.isolation === "bubblewrap" ? "bubblewrap isolation available" : "no isolation available"} (${sandbox.capabilities.reason})`);
        }, (error) => log.error(`sandbox could not start: ${error instanceof Error ? error.message : String(error)}`));
    }

    sandbox(): Promise<Sandbox> {
        return this.ready;
    }

    async configure(settings: { mode: "sandbox" | "ask" | "disable"; ifUnavailable: "ask" | "disable"; workspaceTrusted: boolean }): Promise<SandboxStatus> {
        const sandbox = await this.ready;
        const status = sandbox.updateSettings({ mode: settings.workspaceTrusted ? settings.mode : "disable", ifUnavailable: settings.ifUnavailable });
        const summary = settings.workspaceTrusted ? status.summary : `Code execution is off: this workspace is not trusted. (${status.summary})`;
        const reported = { ...status, summary };
        log.info(`sandbox: ${summary}`);
        sendNotification(this.connection, SandboxStatusNotification, reported);
        return reported;
    }
}
