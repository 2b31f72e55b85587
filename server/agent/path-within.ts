// Whether a path lies inside a folder, by what path.relative says of them (both already real
// paths when links matter). "..name" is a name inside; ".." and "../x" lead out.
import path from "node:path";

export function isWithin(root: string, candidate: string): boolean {
    const relative = path.relative(root, candidate);
    return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
