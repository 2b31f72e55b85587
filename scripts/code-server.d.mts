// Types for scripts/code-server.mjs, so the TypeScript e2e harness type-checks against it.
export interface CodeServerPaths {
    root: string;
    nodeRoot: string;
    serverRoot: string;
    nodePackageDir: string;
    nodeBinDir: string;
    node: string;
    entry: string;
    marker: string;
}

export interface LaunchOptions {
    workspace: string;
    extensionsDir: string;
    userDataDir: string;
    /** Written to <userDataDir>/User/settings.json over WORKBENCH_SETTINGS; absent: the file is left alone. */
    settings?: Record<string, unknown>;
    /** Added to code-server's environment, which the extension host inherits. */
    env?: Record<string, string>;
    timeoutMs?: number;
}

export interface CodeServerSession {
    /** Opens the workspace: http://127.0.0.1:PORT/?folder=… */
    url: string;
    port: number;
    pid: number;
    /** The environment tag every process of this session inherits. */
    session: string;
    /** code-server's own stdout and stderr. */
    logFile: string;
    /** Ends code-server and every process it started; resolves when all are gone. */
    stop(): Promise<void>;
}

export const BUILD_PACKAGES: string[];
export const BROWSER_PACKAGES: string[];
export const CHROMIUM_PATH: string;
export const WORKBENCH_SETTINGS: Record<string, unknown>;
export function install(options?: { log?: (line: string) => void }): CodeServerPaths;
export function isInstalled(paths?: CodeServerPaths): boolean;
export function installedVersion(paths?: CodeServerPaths): string;
export function installExtension(vsix: string | string[], extensionsDir: string, userDataDir: string): string;
export function launch(options: LaunchOptions): Promise<CodeServerSession>;
export function missingPackages(packages: string[]): string[];
export function requirePackages(packages: string[], purpose: string, options?: { tools?: string[] }): void;
export function writeUserSettings(userDataDir: string, settings?: Record<string, unknown>, options?: { workbenchDefaults?: boolean }): string;
