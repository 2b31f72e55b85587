// gptOss.tools.mcpServers as the user writes it (mcp.json's entry shape): good entries are kept,
// each bad one is named with what is wrong and the others still work; references to secrets,
// the workspace folder and the environment are filled in only when a task is sent.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readMcpServers, resolveMcpServers } from "../../extension/tools/mcp-servers-setting.ts";

describe("reading gptOss.tools.mcpServers", () => {
    test("stdio and HTTP entries in mcp.json's shape are read, with defaults", () => {
        const { servers, errors } = readMcpServers({
            files: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "${workspaceFolder}"] },
            git: { type: "stdio", command: "uvx", args: ["mcp-server-git"], env: { GIT_TOKEN: "${secret:git.GIT_TOKEN}" }, cwd: "/repo" },
            remote: { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "${secret:remote.Authorization}" } },
        });
        assert.deepEqual(errors, []);
        assert.deepEqual(servers.files, { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "${workspaceFolder}"], env: {} });
        assert.deepEqual(servers.git, { type: "stdio", command: "uvx", args: ["mcp-server-git"], env: { GIT_TOKEN: "${secret:git.GIT_TOKEN}" }, cwd: "/repo" });
        assert.deepEqual(servers.remote, { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "${secret:remote.Authorization}" } });
    });

    test("each bad entry is named with its fault, and the good ones are kept", () => {
        const { servers, errors } = readMcpServers({
            ok: { command: "node", args: ["server.js"] },
            nocommand: { args: ["x"] },
            sse: { type: "sse", url: "http://localhost:3000/sse" },
            notype: { url: "http://localhost:3000/mcp" },
            ftp: { type: "http", url: "ftp://example.com/mcp" },
            badargs: { command: "node", args: "server.js" },
            typo: { command: "node", argz: [] },
            "bad name!": { command: "node" },
        });
        assert.deepEqual(Object.keys(servers), ["ok"]);
        assert.equal(errors.length, 7);
        const about = (name: string) => errors.find((error) => error.startsWith(`MCP server "${name}"`)) ?? "";
        assert.match(about("nocommand"), /command/);
        assert.match(about("sse"), /SSE transport is not supported/);
        assert.match(about("notype"), /needs "type": "http"/);
        assert.match(about("ftp"), /url/);
        assert.match(about("badargs"), /args/);
        assert.match(about("typo"), /argz/);
        assert.match(about("bad name!"), /server name/);
    });

    test("a setting that is not an object is one clear error", () => {
        assert.deepEqual(readMcpServers(["x"]), { servers: {}, errors: ["gptOss.tools.mcpServers must be an object of servers by name."] });
        assert.deepEqual(readMcpServers(undefined), { servers: {}, errors: [] });
    });
});

describe("filling in references when a task is sent", () => {
    const secrets: Record<string, string> = { "git.GIT_TOKEN": "ghp_secret", "remote.Authorization": "Bearer abc" };
    const context = { workspaceFolder: "/home/me/project", env: { HOME: "/home/me" }, secret: async (name: string) => secrets[name] };

    test("secrets, the workspace folder and the environment are filled in", async () => {
        const { servers } = readMcpServers({
            files: { command: "npx", args: ["server-filesystem", "${workspaceFolder}"], cwd: "${env:HOME}" },
            git: { command: "uvx", env: { GIT_TOKEN: "${secret:git.GIT_TOKEN}", MODE: "x-${env:HOME}-y" } },
            remote: { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "${secret:remote.Authorization}" } },
        });
        const { servers: filled, errors } = await resolveMcpServers(servers, context);
        assert.deepEqual(errors, []);
        assert.deepEqual(filled.files, { command: "npx", args: ["server-filesystem", "/home/me/project"], env: {}, cwd: "/home/me" });
        assert.deepEqual(filled.git, { command: "uvx", args: [], env: { GIT_TOKEN: "ghp_secret", MODE: "x-/home/me-y" } });
        assert.deepEqual(filled.remote, { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer abc" } });
    });

    test("a server whose secret is missing is left out with a message naming the secret, the others are sent", async () => {
        const { servers } = readMcpServers({ a: { command: "a", env: { T: "${secret:a.T}" } }, b: { command: "b" } });
        const { servers: filled, errors } = await resolveMcpServers(servers, context);
        assert.deepEqual(Object.keys(filled), ["b"]);
        assert.equal(errors.length, 1);
        assert.match(errors[0]!, /MCP server "a" is left out: it needs the secret "a.T"/);
    });
});
