// docs/protocol.md is generated from protocol/ (scripts/gen-protocol-doc.ts); this fails when the
// file in the tree is stale, when a method name leaves the `gptoss/<area>/<name>` scheme, and when
// a definition's declared direction disagrees with the side that handles it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PROTOCOL_DOC, protocolDoc, protocolMethods } from "../../scripts/gen-protocol-doc.ts";
import { REPO_ROOT } from "../support/server-process.ts";

function sources(folder: string): string {
    const texts: string[] = [];
    const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
            const full = path.join(dir, name);
            if (statSync(full).isDirectory()) walk(full);
            else if (name.endsWith(".ts")) texts.push(readFileSync(full, "utf8"));
        }
    };
    walk(path.join(REPO_ROOT, folder));
    return texts.join("\n");
}

test("docs/protocol.md is what protocol/ generates (run `npm run docs:protocol` after changing a message)", async () => {
    const expected = await protocolDoc();
    const actual = readFileSync(PROTOCOL_DOC, "utf8");
    assert.ok(actual === expected, "docs/protocol.md is stale: run `npm run docs:protocol` and commit the result");
});

test("every method is named gptoss/<area>/<name>, once", async () => {
    const methods = await protocolMethods();
    assert.ok(methods.length >= 25, `${methods.length} methods found`);
    for (const { method } of methods) assert.match(method, /^gptoss\/[a-z]+\/[a-z][A-Za-z]*$/);
    const names = methods.map(({ method }) => method);
    assert.deepEqual(names.filter((name, index) => names.indexOf(name) !== index), [], "a method name is used twice");
});

test("each request is handled on the side its direction names, each notification sent by the side that declares it", async () => {
    const server = sources("server");
    for (const method of await protocolMethods()) {
        const handled = new RegExp(`handleRequest\\([\\w.]+, ${method.exportName}\\b`).test(server);
        const sentByServer = new RegExp(`sendNotification\\([\\w.]+, ${method.exportName}\\b`).test(server);
        if (method.kind === "request") {
            assert.equal(handled, method.direction === "client-to-server", `${method.method} is declared ${method.direction} but the server ${handled ? "handles" : "does not handle"} it`);
        } else {
            assert.equal(sentByServer, method.direction === "server-to-client", `${method.method} is declared ${method.direction} but the server ${sentByServer ? "sends" : "does not send"} it`);
        }
    }
});
