// Git's ignore rules as a folder walk meets them: every folder may hold a .gitignore whose
// patterns are relative to that folder, and a deeper file's verdict (ignore, or re-include with
// "!") overrides a shallower one. A file inside an ignored folder is never reached by the walk,
// which is git's rule that such files cannot be re-included. `ignore` matches one file's
// patterns; this class stacks them per folder.
import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

export class GitignoreRules {
    /** Per workspace-relative folder ("" is the root): its own .gitignore, read once. */
    private readonly perFolder = new Map<string, Promise<Ignore | null>>();

    constructor(private readonly root: string) {}

    /**
     * Whether `entryPath` (workspace-relative, "/"-separated) is ignored. Folders are asked about
     * with `isFolder`, so that patterns ending in "/" apply to them.
     */
    async ignores(entryPath: string, isFolder: boolean): Promise<boolean> {
        const parts = entryPath.split("/");
        let ignored = false;
        // From the root down to the entry's own folder: the deepest rule that speaks wins.
        for (let depth = 0; depth < parts.length; depth += 1) {
            const folder = parts.slice(0, depth).join("/");
            const rules = await this.rulesOf(folder);
            if (rules === null) continue;
            const inFolder = parts.slice(depth).join("/") + (isFolder ? "/" : "");
            const verdict = rules.test(inFolder);
            if (verdict.ignored) ignored = true;
            else if (verdict.unignored) ignored = false;
        }
        return ignored;
    }

    private rulesOf(folder: string): Promise<Ignore | null> {
        let rules = this.perFolder.get(folder);
        if (rules === undefined) {
            rules = readFile(path.join(this.root, folder, ".gitignore"), "utf8")
                .then((text) => ignore().add(text), () => null);
            this.perFolder.set(folder, rules);
        }
        return rules;
    }
}
