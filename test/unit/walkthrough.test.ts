// The walkthrough's steps complete on what really happens, never on opening or clicking the step:
// each step names completion events, and each event is a context key the extension sets or a
// command it registers.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/server-process.ts";

interface Step { id: string; completionEvents?: string[]; media: { markdown?: string } }
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    contributes: { walkthroughs: Array<{ id: string; steps: Step[] }>; commands: Array<{ command: string }> };
};

function sources(dir: string): string {
    return readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const path = join(dir, entry.name);
        return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? readFileSync(path, "utf8") : "";
    }).join("\n");
}

test("every walkthrough step completes on a real event the extension produces", () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough, "a walkthrough is contributed");
    assert.deepEqual(walkthrough.steps.map((step) => step.id), ["getModel", "completion", "chat", "agent", "sandbox"]);
    const extension = sources(join(REPO_ROOT, "extension"));
    for (const step of walkthrough.steps) {
        const events = step.completionEvents ?? [];
        assert.ok(events.length > 0, `${step.id}: completion events (without them a step completes when it is opened)`);
        for (const event of events) {
            const [kind, name] = event.split(/:(.*)/s) as [string, string];
            assert.ok(kind === "onContext" || kind === "onCommand", `${step.id}: ${event} is not a real event`);
            // The key or command appears in the extension's code as a string (set or registered there).
            assert.ok(extension.includes(`"${name}"`), `${step.id}: nothing in extension/ sets or registers ${name}`);
        }
        assert.ok(step.media.markdown && existsSync(join(REPO_ROOT, step.media.markdown)), `${step.id}: its page exists`);
    }
});
