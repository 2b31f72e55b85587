// Types for scripts/package/targets.mjs.
export interface PackageTarget {
    name: string;
    /** vsce's platform, e.g. linux-x64. */
    platform: string;
    /** Only the CPU engine, plus `backends`. */
    cpuOnly: boolean;
    /** GPU engines added back to a -cpu target ("cuda", "vulkan"). */
    backends: string[];
}

export function parseTarget(target: string | undefined): PackageTarget | undefined;
export function binaryPackagesFor(target: PackageTarget | undefined, repoRoot: string): { kept: string[]; ignoreLines: string[] };
