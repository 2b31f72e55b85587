// Shared setup for the sandbox suite: a sandbox with small limits (so attack cases finish fast on
// two cores), host-side temporary folders the attacks aim at, and checks of the host afterwards.
//
// Self-check of the suite: GPTOSS_SANDBOX_SELFCHECK=1 runs the attack cases *without* isolation
// (through the approval path, auto-approved) to show that their assertions do fail when nothing
// contains the program. Cases that would harm the machine when unisolated (fork bomb, memory
// bomb, killing the parent) are skipped in that mode. Never set it in CI.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../server/sandbox/index.ts";
import type { SandboxLimitsOverride, SandboxRunParams, SandboxRunResult } from "../../protocol/sandbox.ts";

export const SELF_CHECK = process.env.GPTOSS_SANDBOX_SELFCHECK === "1";

export const SMALL_LIMITS: SandboxLimitsOverride = {
    timeoutMs: 10_000,
    cpuSeconds: 5,
    memoryBytes: 1024 * 1024 * 1024, // node needs about 600 MiB of address space just to start (V8 reserves its code range)
    processes: 64,
    fileSizeBytes: 8 * 1024 * 1024,
    scratchBytes: 32 * 1024 * 1024,
    outputBytes: 16 * 1024,
};

export async function smallSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
    return createSandbox({ limits: SMALL_LIMITS, ...options });
}

/** The reason attack cases are skipped, or false when they run. */
export function skipUnlessIsolated(sandbox: Sandbox): string | false {
    if (sandbox.capabilities.isolation === "none") return `bubblewrap sandbox not available here: ${sandbox.capabilities.reason}`;
    return false;
}

/** Skip reason for cases that must not run unisolated in self-check mode. */
export function hostUnsafe(sandbox: Sandbox): string | false {
    if (SELF_CHECK) return "self-check mode: this case would harm the host when run without isolation";
    return skipUnlessIsolated(sandbox);
}

/** Runs an attack: in the sandbox normally, on the bare host (approved) in self-check mode. */
export async function attack(sandbox: Sandbox, request: SandboxRunParams & { signal?: AbortSignal }): Promise<SandboxRunResult> {
    if (!SELF_CHECK) return sandbox.run(request);
    const bare = await createSandbox({ limits: SMALL_LIMITS, forceNoIsolation: "self-check", approve: () => true });
    return bare.runUnsandboxed(request);
}

export function uniqueMarker(label: string): string {
    return `gptoss-${label}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Temporary host folders an attack aims at: a fake HOME with an ~/.ssh key, and a workspace. */
export interface HostFixture {
    root: string;
    home: string;
    sshKey: string;
    sshKeyContent: string;
    workspace: string;
    cleanup(): void;
}

export function hostFixture(): HostFixture {
    const root = mkdtempSync(join(tmpdir(), "gptoss-sandbox-test-"));
    const home = join(root, "home");
    mkdirSync(join(home, ".ssh"), { recursive: true, mode: 0o700 });
    const sshKeyContent = `-----BEGIN OPENSSH PRIVATE KEY-----\n${uniqueMarker("fake-key")}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const sshKey = join(home, ".ssh", "id_ed25519");
    writeFileSync(sshKey, sshKeyContent, { mode: 0o600 });
    writeFileSync(join(home, ".bashrc"), "# original bashrc\n");
    const workspace = join(root, "workspace");
    mkdirSync(workspace);
    writeFileSync(join(workspace, "README.md"), "original readme\n");
    return { root, home, sshKey, sshKeyContent, workspace, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Host processes whose command line contains `text` (the test process itself excluded). */
export function hostProcessesMatching(text: string): { pid: number; cmdline: string }[] {
    const found: { pid: number; cmdline: string }[] = [];
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
            if (cmdline.includes(text)) found.push({ pid: Number(entry), cmdline });
        } catch {
            // exited meanwhile
        }
    }
    return found;
}

export function killMatching(text: string): void {
    for (const { pid } of hostProcessesMatching(text)) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // gone
        }
    }
}

export function readIfExists(path: string): string | null {
    return existsSync(path) ? readFileSync(path, "utf8") : null;
}

/** Python that calls a raw system call through libc and prints the errno name (or "ok"). */
export function pythonSyscall(name: string, nr: number, args: string = ""): string {
    return [
        "import ctypes, errno, os",
        "libc = ctypes.CDLL(None, use_errno=True)",
        `r = libc.syscall(${nr}${args === "" ? "" : ", " + args})`,
        `print("${name}:", "ok" if r >= 0 else errno.errorcode[ctypes.get_errno()])`,
    ].join("\n");
}
