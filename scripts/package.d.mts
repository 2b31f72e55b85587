// Types for scripts/package.mjs, so the TypeScript e2e harness type-checks against it.
export interface PackageOptions {
    /** "<platform>" or "<platform>-cpu" (e.g. linux-x64-cpu); default: every engine installed. */
    target?: string;
    out?: string;
    /** Run the production build first (default true). */
    build?: boolean;
    log?: (line: string) => void;
}

export interface PackageResult {
    vsix: string;
    bytes: number;
    seconds: number;
    files: number;
}

export function packageExtension(options?: PackageOptions): Promise<PackageResult>;
