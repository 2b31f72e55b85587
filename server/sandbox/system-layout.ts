// The read-only view of the system a sandbox gets: /usr, the top-level /bin, /lib… entries (as
// symlinks into /usr on merged-/usr systems, bound as folders otherwise) and the few /etc files
// programs need to start. Nothing else of the host's file system is visible: no /home, /root,
// /var, /opt, /srv, /mnt, /media, no /etc/shadow, /etc/ssh or the rest of /etc.
import { lstatSync, readlinkSync } from "node:fs";

export type LayoutOp =
    | { readonly kind: "ro-bind"; readonly source: string; readonly dest: string; readonly optional: boolean }
    | { readonly kind: "symlink"; readonly target: string; readonly dest: string };

const TOP_LEVEL = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/** /etc entries worth having: the dynamic loader's cache and config, alternatives symlinks, the time zone. */
export const ETC_ENTRIES = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime"];

export function systemLayout(): LayoutOp[] {
    const ops: LayoutOp[] = [{ kind: "ro-bind", source: "/usr", dest: "/usr", optional: false }];
    for (const path of TOP_LEVEL) {
        let stat;
        try {
            stat = lstatSync(path);
        } catch {
            continue;
        }
        if (stat.isSymbolicLink()) ops.push({ kind: "symlink", target: readlinkSync(path), dest: path });
        else if (stat.isDirectory()) ops.push({ kind: "ro-bind", source: path, dest: path, optional: false });
    }
    for (const path of ETC_ENTRIES) ops.push({ kind: "ro-bind", source: path, dest: path, optional: true });
    return ops;
}

export function layoutArgs(ops: readonly LayoutOp[]): string[] {
    return ops.flatMap((op) => op.kind === "symlink"
        ? ["--symlink", op.target, op.dest]
        : [op.optional ? "--ro-bind-try" : "--ro-bind", op.source, op.dest]);
}
