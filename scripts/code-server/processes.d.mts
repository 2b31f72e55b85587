// Types for processes.mjs (the e2e harness finds and kills the language server with it).
export function pidsWithEnv(name: string, value: string): number[];
export function descendantsOf(rootPid: number): number[];
export function pidsWithCommandLine(...parts: string[]): number[];
export function isAlive(pid: number): boolean;
export function terminate(pids: number[], options?: { graceMs?: number }): Promise<number[]>;
