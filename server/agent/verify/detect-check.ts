// Finds the check a workspace already has, in this order: the command named in the setting
// gptOss.agent.checkCommand; a package.json script (see node-check.ts); pytest; `go test ./...`;
// `cargo test`. The first ecosystem that yields a runnable check wins; one that is present but
// cannot run here (its tool missing, or outside what the sandbox sees) leaves a note saying why,
// and the search goes on, so a Python project with a package.json for its formatter still gets pytest.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CheckCommand } from "./check-types.ts";
import { hostProbe, type HostProbe } from "./host-probe.ts";
import { nodeCheck } from "./node-check.ts";

export interface CheckDetection {
    /** null: no check can run for this workspace; `notes` say what was found and why it was passed over. */
    readonly check: CheckCommand | null;
    readonly notes: readonly string[];
}

export async function detectCheck(workspaceRoot: string, setting?: string, probe: HostProbe = hostProbe): Promise<CheckCommand | null> {
    return (await findCheck(workspaceRoot, setting, probe)).check;
}

export async function findCheck(workspaceRoot: string, setting?: string, probe: HostProbe = hostProbe): Promise<CheckDetection> {
    const notes: string[] = [];
    const named = setting?.trim() ?? "";
    if (named !== "") return { check: { command: named, why: "the setting gptOss.agent.checkCommand" }, notes };

    const files = await topLevelNames(workspaceRoot);
    const finders = [nodeFinder, pytestFinder, goFinder, cargoFinder];
    for (const find of finders) {
        const check = await find(workspaceRoot, files, probe, notes);
        if (check !== null) return { check, notes };
    }
    if (notes.length === 0) notes.push("no package.json, pytest configuration or tests folder, go.mod or Cargo.toml in the workspace folder");
    return { check: null, notes };
}

type Finder = (root: string, files: ReadonlySet<string>, probe: HostProbe, notes: string[]) => Promise<CheckCommand | null>;

const nodeFinder: Finder = async (root, files, probe, notes) => {
    if (!files.has("package.json")) return null;
    let parsed: unknown;
    try {
        parsed = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    } catch (error) {
        notes.push(`package.json could not be read: ${(error as Error).message}`);
        return null;
    }
    const record = typeof parsed === "object" && parsed !== null ? parsed as Record<string, unknown> : {};
    const scripts = typeof record.scripts === "object" && record.scripts !== null ? record.scripts as Record<string, unknown> : {};
    const packageManager = typeof record.packageManager === "string" ? record.packageManager : undefined;
    return nodeCheck(files, { scripts, ...(packageManager === undefined ? {} : { packageManager }) }, probe, notes);
};

const pytestFinder: Finder = async (root, files, probe, notes) => {
    const sign = await pytestSign(root, files);
    if (sign === null) return null;
    if (!(await probe.pytestAvailable())) {
        notes.push(`${sign} suggests pytest, but the system python3 a sandboxed check uses cannot import pytest`);
        return null;
    }
    return { command: "python3 -m pytest -q", why: `pytest (${sign})` };
};

const goFinder: Finder = async (_root, files, probe, notes) => {
    if (!files.has("go.mod")) return null;
    return toolCheck("go", "go test ./...", "go.mod", probe, notes);
};

const cargoFinder: Finder = async (_root, files, probe, notes) => {
    if (!files.has("Cargo.toml")) return null;
    return toolCheck("cargo", "cargo test", "Cargo.toml", probe, notes);
};

function toolCheck(tool: string, command: string, marker: string, probe: HostProbe, notes: string[]): CheckCommand | null {
    const found = probe.locate(tool);
    if (found !== null && found.sandboxed) return { command, why: marker, ...(found.toolchain === undefined ? {} : { toolchain: found.toolchain }) };
    notes.push(`${marker} found, but ${tool} ${found === null
        ? "is not installed"
        : `is installed at ${found.path}, outside what a sandboxed check can see (/usr, or a versioned toolchain folder such as nvm's)`}`);
    return null;
}

/** What marks the workspace as a pytest project, in words for the notes; null when nothing does. */
async function pytestSign(root: string, files: ReadonlySet<string>): Promise<string | null> {
    if (files.has("pytest.ini")) return "pytest.ini";
    if (files.has("conftest.py")) return "conftest.py";
    const sections: readonly (readonly [string, RegExp])[] = [
        ["pyproject.toml", /^\[tool\.pytest\b|^\s*["']?pytest\b/m],
        ["setup.cfg", /^\[tool:pytest\]/m],
        ["tox.ini", /^\[pytest\]/m],
    ];
    for (const [file, pattern] of sections) {
        if (files.has(file) && pattern.test(await readFile(join(root, file), "utf8").catch(() => ""))) return file;
    }
    for (const folder of ["tests", "test"]) {
        if (files.has(folder) && await hasPythonTests(join(root, folder), 2)) return `python tests in ${folder}/`;
    }
    return null;
}

async function hasPythonTests(folder: string, depth: number): Promise<boolean> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    if (entries.some((entry) => entry.isFile() && /^test_.*\.py$|_test\.py$/.test(entry.name))) return true;
    if (depth === 0) return false;
    for (const entry of entries) {
        if (entry.isDirectory() && await hasPythonTests(join(folder, entry.name), depth - 1)) return true;
    }
    return false;
}

async function topLevelNames(root: string): Promise<ReadonlySet<string>> {
    return new Set(await readdir(root).catch(() => []));
}
