// "copy" workspaces: the real workspace is bound read-only at WORKSPACE_SOURCE and copied, inside
// the sandbox, into a size-limited tmpfs at /workspace before the command starts. The copy never
// touches the host's disk and vanishes with the sandbox. Left out of the copy: the top-level
// `.git` (often large; tests rarely need it) and `node_modules`, which is bound read-only in place
// instead (tests need it, copying it is slow, and writing into it is rarely wanted).
export const WORKSPACE_SOURCE = "/run/workspace-source";
export const COPY_EXCLUDED = [".git", "node_modules"] as const;

/**
 * A POSIX sh script: copies, says once on stderr if anything could not be copied (a file over the
 * file-size limit, a full tmpfs), then execs the real command given as its arguments.
 */
export function copyScript(dest: string): string {
    return [
        `src=${WORKSPACE_SOURCE}; failed=`,
        `for f in "$src"/* "$src"/.[!.]* "$src"/..?*; do`,
        `  [ -e "$f" ] || [ -L "$f" ] || continue`,
        `  case "\${f##*/}" in ${COPY_EXCLUDED.join("|")}) continue ;; esac`,
        `  cp -R -P --preserve=mode,timestamps -- "$f" ${dest}/ 2>/dev/null || failed=1`,
        `done`,
        `[ -z "$failed" ] || echo "[sandbox] the workspace copy is incomplete (scratch size or file-size limit reached)" >&2`,
        `exec "$@"`,
    ].join("\n");
}
