// The check of a JavaScript/TypeScript project: a package.json script run with the package
// manager its lockfile names. Order of preference: the `test` script (unless it is npm's
// placeholder), then the first type-check script in TYPECHECK_SCRIPTS order. A test run says
// more than a type check, and a project with tests usually type-checks in them or before them.
import type { CheckCommand } from "./check-types.ts";
import type { HostProbe } from "./host-probe.ts";

export const TYPECHECK_SCRIPTS = ["typecheck", "type-check", "check-types", "types:check", "lint:types", "tsc", "check"] as const;

type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** Lockfiles and the manager each belongs to, in the order they are looked for. */
const LOCKFILES: readonly (readonly [string, PackageManager])[] = [
    ["pnpm-lock.yaml", "pnpm"], ["yarn.lock", "yarn"], ["package-lock.json", "npm"], ["npm-shrinkwrap.json", "npm"],
    ["bun.lock", "bun"], ["bun.lockb", "bun"],
];

export interface PackageJsonFacts {
    readonly scripts: Readonly<Record<string, unknown>>;
    /** The `packageManager` field ("pnpm@9.1.0"), when present. */
    readonly packageManager?: string;
}

/** `npm init`'s stand-in for a missing test script: it always fails, so it is no check at all. */
export function isPlaceholderTest(script: string): boolean {
    return /no test specified/i.test(script) && /exit 1\s*$/.test(script.trim());
}

/** The script to run and a note for each one passed over. */
export function chooseScript(scripts: Readonly<Record<string, unknown>>, notes: string[]): string | null {
    const test = scripts.test;
    if (typeof test === "string" && test.trim() !== "") {
        if (!isPlaceholderTest(test)) return "test";
        notes.push("package.json: the \"test\" script is npm's placeholder (\"no test specified\"), skipped");
    }
    for (const name of TYPECHECK_SCRIPTS) {
        const script = scripts[name];
        if (typeof script === "string" && script.trim() !== "") return name;
    }
    return null;
}

/** The manager the project uses: its lockfile, else the packageManager field, else npm. */
export function packageManagerFor(files: ReadonlySet<string>, facts: PackageJsonFacts): { manager: PackageManager; because: string } {
    const fromField = /^(npm|pnpm|yarn|bun)@/.exec(facts.packageManager ?? "")?.[1] as PackageManager | undefined;
    const locked = LOCKFILES.filter(([file]) => files.has(file));
    // Two lockfiles (a migration half done): the packageManager field settles it when it names one.
    const agreed = locked.find(([, manager]) => manager === fromField) ?? locked[0];
    if (agreed !== undefined) return { manager: agreed[1], because: agreed[0] };
    if (fromField !== undefined) return { manager: fromField, because: `packageManager "${facts.packageManager}"` };
    return { manager: "npm", because: "no lockfile" };
}

function commandFor(manager: PackageManager, script: string): string {
    const quoted = /^[\w:.@/-]+$/.test(script) ? script : `'${script.replace(/'/g, `'\\''`)}'`;
    // `bun test` is bun's own test runner, not the script: bun always gets `run`.
    if (script === "test" && manager !== "bun") return `${manager} test`;
    return `${manager} run ${quoted}`;
}

export function nodeCheck(files: ReadonlySet<string>, facts: PackageJsonFacts, probe: HostProbe, notes: string[]): CheckCommand | null {
    const script = chooseScript(facts.scripts, notes);
    if (script === null) {
        notes.push(`package.json has no "test" script nor a type-check script (${TYPECHECK_SCRIPTS.join(", ")})`);
        return null;
    }
    const { manager, because } = packageManagerFor(files, facts);
    const found = probe.locate(manager);
    if (found === null || !found.sandboxed) {
        notes.push(`package.json script "${script}" needs ${manager} (${because}), which ${found === null
            ? "is not installed"
            : `is installed at ${found.path}, outside what a sandboxed check can see (/usr, or a versioned toolchain folder such as nvm's)`}`);
        return null;
    }
    return {
        command: commandFor(manager, script), why: `package.json script "${script}" (${manager}: ${because})`,
        ...(found.toolchain === undefined ? {} : { toolchain: found.toolchain }),
    };
}
