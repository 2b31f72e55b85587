// The synthetic gpt-oss model the e2e profile loads, made by the project's own generator
// (test/fixtures/synthetic-model). Until that generator exists the cases that need a model
// are skipped with this reason instead of failing on something no e2e code can fix.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { e2eCache, syntheticModelModule } from "./paths.ts";

export interface ModelResult {
    path: string | null;
    skipReason?: string;
}

interface Generator {
    createRandomModel(options?: { seed?: number; dir?: string }): Promise<string>;
}

export async function makeSyntheticModel(): Promise<ModelResult> {
    if (!existsSync(syntheticModelModule)) {
        return { path: null, skipReason: "the synthetic model generator (test/fixtures/synthetic-model/index.ts) is not there yet" };
    }
    const generator = (await import(pathToFileURL(syntheticModelModule).href)) as Generator;
    const path = await generator.createRandomModel({ seed: 1, dir: join(e2eCache, "models") });
    return { path };
}
