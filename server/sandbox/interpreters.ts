// Which program runs each language, and with what command line. Interpreters under /usr are
// seen by the sandbox as they are; one installed elsewhere (pyenv, nvm, VS Code's own Node) has
// its install folder bound read-only at the same path, so its compiled-in paths still work.
import { execFile } from "node:child_process";
import { basename, dirname } from "node:path";
import { promisify } from "node:util";
import type { SandboxLanguage } from "../../protocol/sandbox.ts";
import { findIn, isExecutable, isUnderUsr, realPathOrNull } from "./host-tools.ts";
import { PYTHON_LIMIT_OF } from "./python-limits.ts";

/** A host path the sandbox sees read-only, at `sandboxPath`. */
export interface HostMount {
    readonly hostPath: string;
    readonly sandboxPath: string;
}

export interface Interpreter {
    readonly language: SandboxLanguage;
    /** The program as found on the host (for reports). */
    readonly hostPath: string;
    /** The program as started (its real path; the same inside the sandbox). */
    readonly executable: string;
    /** Read-only binds the program needs beyond /usr. */
    readonly mounts: readonly HostMount[];
    /** File name the code is written to (the extension matters to node and to tracebacks). */
    readonly codeFileName: string;
    /** Helper files placed beside the code (e.g. python's bootstrap). */
    readonly supportFiles: readonly { readonly name: string; readonly content: string }[];
    /** Extra environment the program needs (never anything from the host's environment). */
    readonly env: Readonly<Record<string, string>>;
    /** Command line that runs the code stored at `codePath`. */
    argv(codePath: string): string[];
}

export interface InterpreterOverrides {
    python?: string;
    node?: string;
}

const PYTHON_CANDIDATES = ["/usr/bin/python3", "/usr/local/bin/python3"];
const NODE_CANDIDATES = ["/usr/bin/node", "/usr/local/bin/node"];

/**
 * Runs the code file as __main__ with the working directory first on sys.path (as `python -c`
 * does), so a snippet can import the workspace's modules; tracebacks name the real file. An
 * exception that carries a limit (python-limits.ts) is named on the status pipe, fd 3, which the
 * runner keeps from the programs the snippet starts.
 */
const PYTHON_BOOTSTRAP_NAME = "run-main.py";
const PYTHON_BOOTSTRAP = [
    "import os, sys",
    PYTHON_LIMIT_OF,
    "try:",
    "    os.set_inheritable(3, False)",
    "except OSError:",
    "    pass",
    "_p = sys.argv[1]; sys.argv = [_p]; sys.path[0] = ''",
    "_c = compile(open(_p, encoding='utf-8').read(), _p, 'exec')",
    "_g = {'__name__': '__main__', '__file__': _p, '__builtins__': __builtins__}",
    "del _p",
    "try:",
    "    exec(_c, _g)",
    "except BaseException as _e:",
    "    _l = _gptoss_limit_of(_e)",
    "    if _l is not None:",
    "        try:",
    "            os.write(3, ('limit %s\\n' % _l).encode())",
    "        except OSError:",
    "            pass",
    "    raise",
].join("\n");

/** Folder to bind so the program works: the install prefix for python (its stdlib sits beside bin/), the binary's folder otherwise. */
function mountsFor(realPath: string, kind: "prefix" | "folder"): HostMount[] {
    if (isUnderUsr(realPath)) return [];
    const folder = kind === "prefix" ? dirname(dirname(realPath)) : dirname(realPath);
    if (folder === "/" || folder === "") return [];
    return [{ hostPath: folder, sandboxPath: folder }];
}

function resolveExecutable(override: string | undefined, candidates: readonly string[]): string | null {
    if (override !== undefined && override !== "") return isExecutable(override) ? override : null;
    return findIn(basename(candidates[0]!), candidates.map(dirname));
}

export function resolvePython(override?: string): Interpreter | null {
    const found = resolveExecutable(override, PYTHON_CANDIDATES);
    const real = found === null ? null : realPathOrNull(found);
    if (found === null || real === null) return null;
    return {
        language: "python",
        hostPath: found,
        executable: real,
        mounts: mountsFor(real, "prefix"),
        codeFileName: "main.py",
        supportFiles: [{ name: PYTHON_BOOTSTRAP_NAME, content: PYTHON_BOOTSTRAP + "\n" }],
        // -u: unbuffered, so what was printed before a kill is still seen; -E/-s: no env paths, no user site.
        env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" },
        argv: (codePath) => [real, "-u", "-E", "-s", `${dirname(codePath)}/${PYTHON_BOOTSTRAP_NAME}`, codePath],
    };
}

/** Node from the system, else the server's own runtime (a real node in VS Code Server/code-server; Electron as node on desktop). */
export function resolveNode(override?: string, versionText?: string): Interpreter | null {
    let found = resolveExecutable(override, NODE_CANDIDATES);
    let electron = false;
    if (found === null && override === undefined) {
        found = process.execPath;
        electron = !/^node(\.exe)?$/.test(basename(process.execPath)) && process.versions.electron !== undefined;
    }
    const real = found === null ? null : realPathOrNull(found);
    if (found === null || real === null) return null;
    // Node 20.10–22.6 needs the flag to accept ES module syntax in a .js file; later versions detect it themselves.
    const detectFlag = needsDetectModuleFlag(versionText ?? (found === process.execPath ? process.version : undefined));
    return {
        language: "node",
        hostPath: found,
        executable: real,
        mounts: mountsFor(real, "folder"),
        codeFileName: "main.js",
        supportFiles: [],
        env: electron ? { ELECTRON_RUN_AS_NODE: "1" } : {},
        argv: (codePath) => [real, ...(detectFlag ? ["--experimental-detect-module"] : []), codePath],
    };
}

export function needsDetectModuleFlag(version: string | undefined): boolean {
    const match = /^v?(\d+)\.(\d+)/.exec(version ?? "");
    if (match === null) return false;
    const major = Number(match[1]);
    const minor = Number(match[2]);
    if (major === 20) return minor >= 10;
    if (major === 22) return minor < 7;
    return major === 21;
}

export function resolveShell(): Interpreter | null {
    const found = findIn("bash", ["/usr/bin", "/bin"]) ?? findIn("sh", ["/usr/bin", "/bin"]);
    const real = found === null ? null : realPathOrNull(found);
    if (found === null || real === null) return null;
    return {
        language: "shell",
        hostPath: found,
        executable: found,
        mounts: mountsFor(real, "folder"),
        codeFileName: "main.sh",
        supportFiles: [],
        env: {},
        argv: (codePath) => [found, codePath],
    };
}

export async function nodeVersion(path: string): Promise<string | undefined> {
    try {
        const { stdout } = await promisify(execFile)(path, ["--version"], { timeout: 5_000, env: {} });
        return stdout.trim();
    } catch {
        return undefined;
    }
}

export interface Interpreters {
    python: Interpreter | null;
    node: Interpreter | null;
    shell: Interpreter | null;
}

export async function resolveInterpreters(overrides: InterpreterOverrides = {}): Promise<Interpreters> {
    const nodeProbe = resolveNode(overrides.node);
    const version = nodeProbe !== null && nodeProbe.hostPath !== process.execPath ? await nodeVersion(nodeProbe.hostPath) : undefined;
    return {
        python: resolvePython(overrides.python),
        node: nodeProbe === null ? null : resolveNode(overrides.node, version),
        shell: resolveShell(),
    };
}
