// The budget for the user's tool definitions: within it every enabled tool is offered; over it,
// the tools that share the most words with the task are kept, and the rest are named to the model.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cutToBudget, definitionTokens, omittedNote } from "../../server/agent/tools/mcp/tool-budget.ts";

const tool = (name: string, description: string, properties = 1) => ({
    definition: { name, description, parameters: { type: "object", properties: Object.fromEntries(Array.from({ length: properties }, (_, i) => [`p${i}`, { type: "string", description: "an argument" }])) } },
});

describe("cutting the user's tools to the schema budget", () => {
    const tools = [
        tool("mcp_git_git_log", "Shows the commit log of the repository"),
        tool("mcp_jira_create_issue", "Creates an issue in the tracker", 6),
        tool("mcp_git_git_diff", "Shows the diff of the working tree against a commit"),
        tool("mcp_weather_forecast", "The weather forecast for a city", 3),
    ];
    const total = tools.reduce((sum, entry) => sum + definitionTokens(entry.definition), 0);

    test("everything fits: all are kept, in their order, and nothing is said", () => {
        const cut = cutToBudget(tools, "Explain the last commit", total);
        assert.deepEqual(cut.kept, tools);
        assert.deepEqual(cut.omitted, []);
        assert.equal(omittedNote([]), null);
    });

    test("over budget: the tools closest to the task are kept, and the note names the rest", () => {
        const budget = definitionTokens(tools[0]!.definition) + definitionTokens(tools[2]!.definition);
        const cut = cutToBudget(tools, "Summarize the diff of the last commit in the repository", budget);
        assert.deepEqual(cut.kept.map((entry) => entry.definition.name), ["mcp_git_git_log", "mcp_git_git_diff"]);
        assert.deepEqual(cut.omitted.map((entry) => entry.definition.name), ["mcp_jira_create_issue", "mcp_weather_forecast"]);
        const note = omittedNote(cut.omitted.map((entry) => entry.definition.name));
        assert.equal(note, "To fit the context, 2 of the user's tools were left out of this task: mcp_jira_create_issue, mcp_weather_forecast. They cannot be called now.");
    });

    test("a smaller tool that fits is still taken after a larger relevant one did not", () => {
        const budget = definitionTokens(tools[3]!.definition);
        const cut = cutToBudget(tools, "create an issue for the weather forecast bug", budget);
        assert.deepEqual(cut.kept.map((entry) => entry.definition.name), ["mcp_weather_forecast"]);
    });
});
