// Importing a workspace's .vscode/mcp.json (JSON with comments, VS Code's own shape): servers
// become gptOss.tools.mcpServers entries, and no secret lands in them: ${input:…} values are asked
// for and literal credentials are moved, both to SecretStorage under a name the entry refers to.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { importMcpJson, McpJsonError } from "../../extension/tools/mcp-json-import.ts";

const MCP_JSON = `{
  // Inputs VS Code asks for when a server starts.
  "inputs": [
    { "type": "promptString", "id": "github-token", "description": "GitHub personal access token", "password": true }
  ],
  "servers": {
    "filesystem": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "\${workspaceFolder}"] },
    "github": {
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "\${input:github-token}", "GITHUB_TOOLSETS": "repos,issues" },
    },
    "search": { "type": "http", "url": "https://search.example.com/mcp", "headers": { "Authorization": "Bearer sk-live-123", "X-Team": "tools" } },
    "legacy": { "type": "sse", "url": "http://localhost:8080/sse" },
    "dotenv": { "command": "node", "args": ["s.js"], "envFile": "\${workspaceFolder}/.env" },
    "broken": { "type": "http" }
  }
}`;

describe("importing .vscode/mcp.json", () => {
    const imported = importMcpJson(MCP_JSON);

    test("stdio and HTTP servers are imported as written, apart from secrets", () => {
        assert.deepEqual(Object.keys(imported.servers).sort(), ["filesystem", "github", "search"]);
        assert.deepEqual(imported.servers.filesystem, { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "${workspaceFolder}"], env: {} });
        assert.deepEqual(imported.servers.github, {
            command: "docker", args: ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: "${secret:github.github-token}", GITHUB_TOOLSETS: "repos,issues" },
        });
        assert.deepEqual(imported.servers.search, { type: "http", url: "https://search.example.com/mcp", headers: { Authorization: "${secret:search.Authorization}", "X-Team": "tools" } });
    });

    test("an input is asked for with its description (hidden, as VS Code would); a literal credential is moved as it is", () => {
        assert.deepEqual(imported.secrets, [
            { name: "github.github-token", ask: { prompt: "github: GitHub personal access token", password: true } },
            { name: "search.Authorization", value: "Bearer sk-live-123" },
        ]);
        assert.doesNotMatch(JSON.stringify(imported.servers), /sk-live-123/);
    });

    test("what cannot be imported is named with why, and does not stop the rest", () => {
        assert.deepEqual(imported.skipped.map((entry) => entry.name), ["legacy", "dotenv", "broken"]);
        assert.match(imported.skipped[0]!.reason, /SSE/);
        assert.match(imported.skipped[1]!.reason, /envFile/);
        assert.match(imported.skipped[2]!.reason, /url/);
    });

    test("a file that is not JSON, or has no servers, is a clear error", () => {
        assert.throws(() => importMcpJson("{ \"servers\": { "), McpJsonError);
        assert.throws(() => importMcpJson("{ \"inputs\": [] }"), /no "servers" object/);
    });
});
