// gpt-oss in VS Code's language-model list, used the way another extension would use it: select
// it by vendor, ask the scripted synthetic model (language-model-script.js) for text, then for a
// tool call, run our sandbox tool through vscode.lm.invokeTool (the harness confirms the dialog
// that shows the code), hand the result back, and turn both registrations off and on again.
const assert = require("node:assert/strict");
const script = require("../language-model-script.js");

const VENDOR = "gpt-oss";
/** The e2e profile's gptOss.contextSize is 2048; a quarter of the window is kept for the answer. */
const EXPECTED_MAX_INPUT_TOKENS = 1536;

/** Shared between the cases below, which run in order. */
const state = { model: undefined, call: undefined, toolResult: undefined };

async function ourModel(vscode) {
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.equal(models.length, 1, `models of vendor ${VENDOR}: ${models.map((model) => model.id).join(", ")}`);
    return models[0];
}

function ourTool(vscode) {
    return vscode.lm.tools.find((tool) => tool.name === script.TOOL_NAME);
}

/** Sends a request and collects what comes back, part by part. */
async function send(vscode, model, messages, options = {}) {
    const source = new vscode.CancellationTokenSource();
    try {
        const response = await model.sendRequest(messages, options, source.token);
        const parts = [];
        for await (const part of response.stream) parts.push(part);
        return parts;
    } finally {
        source.dispose();
    }
}

const textOf = (vscode, parts) => parts.filter((part) => part instanceof vscode.LanguageModelTextPart).map((part) => part.value).join("");

/** Polls until `probe` is true: registrations reach the main thread and back asynchronously. */
async function eventually(probe, what, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

module.exports = [
    {
        name: "gpt-oss is in the language-model list, with its context size",
        async run(vscode) {
            const model = await ourModel(vscode);
            assert.equal(model.vendor, VENDOR);
            assert.equal(model.family, "gpt-oss");
            assert.equal(model.maxInputTokens, EXPECTED_MAX_INPUT_TOKENS);
            state.model = model;
        },
    },
    {
        name: "a request to the scripted model receives exactly the scripted text",
        timeoutMs: 90_000, // the first request loads the model
        async run(vscode) {
            const parts = await send(vscode, state.model, [vscode.LanguageModelChatMessage.User(script.HELLO_PROMPT)]);
            assert.ok(parts.length > 0 && parts.every((part) => part instanceof vscode.LanguageModelTextPart), "text parts only");
            assert.equal(textOf(vscode, parts), script.HELLO);
        },
    },
    {
        name: "countTokens counts text and whole messages",
        async run(vscode) {
            const text = await state.model.countTokens(script.HELLO);
            assert.ok(Number.isInteger(text) && text > 0, `counted ${text}`);
            const message = await state.model.countTokens(vscode.LanguageModelChatMessage.Assistant(script.HELLO));
            assert.equal(message, text + 4, "a message is its text plus harmony's four framing tokens");
        },
    },
    {
        name: "our sandbox tool is listed, and a second request makes the model call it: a LanguageModelToolCallPart",
        async run(vscode) {
            const tool = ourTool(vscode);
            assert.ok(tool, `${script.TOOL_NAME} is not in vscode.lm.tools`);
            assert.deepEqual(tool.inputSchema.required, ["language", "code"]);
            const parts = await send(vscode, state.model, [
                vscode.LanguageModelChatMessage.User(script.HELLO_PROMPT),
                vscode.LanguageModelChatMessage.Assistant(script.HELLO),
                vscode.LanguageModelChatMessage.User(script.RUN_PROMPT),
            ], { tools: [tool] });
            const calls = parts.filter((part) => part instanceof vscode.LanguageModelToolCallPart);
            assert.equal(calls.length, 1, `parts: ${JSON.stringify(parts)}`);
            assert.equal(calls[0].name, script.TOOL_NAME);
            assert.deepEqual(calls[0].input, script.INPUT);
            state.call = calls[0];
        },
    },
    {
        name: "vscode.lm.invokeTool on the sandbox tool runs the snippet (after the confirmation) and returns its output",
        timeoutMs: 90_000, // the harness has to see and confirm the dialog first
        async run(vscode) {
            const result = await vscode.lm.invokeTool(script.TOOL_NAME, { input: state.call.input, toolInvocationToken: undefined });
            const text = textOf(vscode, result.content);
            assert.match(text, /^42\n\[exit code 0; /, text);
            state.toolResult = result;
        },
    },
    {
        name: "with the tool's result the model answers",
        async run(vscode) {
            const parts = await send(vscode, state.model, [
                vscode.LanguageModelChatMessage.User(script.HELLO_PROMPT),
                vscode.LanguageModelChatMessage.Assistant(script.HELLO),
                vscode.LanguageModelChatMessage.User(script.RUN_PROMPT),
                vscode.LanguageModelChatMessage.Assistant([state.call]),
                vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(state.call.callId, state.toolResult.content)]),
            ], { tools: [ourTool(vscode)] });
            assert.equal(textOf(vscode, parts), script.ANSWER);
        },
    },
    {
        name: "each registration has a setting that turns it off, and on again",
        timeoutMs: 90_000, // the tool runs (and is confirmed) once more at the end
        async run(vscode) {
            const config = () => vscode.workspace.getConfiguration("gptOss");
            const target = vscode.ConfigurationTarget.Global;
            const invoke = () => vscode.lm.invokeTool(script.TOOL_NAME, { input: script.INPUT, toolInvocationToken: undefined });
            try {
                await config().update("languageModel.enabled", false, target);
                await eventually(async () => (await vscode.lm.selectChatModels({ vendor: VENDOR })).length === 0, "the model left the list");
                await config().update("languageModel.sandboxTool", false, target);
                // package.json keeps the tool in vscode.lm.tools (its `when` clause hides it from
                // VS Code's chat); without our registration nothing can run it, and no dialog shows.
                await eventually(() => invoke().then(() => false, (error) => /implementation/i.test(String(error?.message))), "invoking the tool fails for want of an implementation");
            } finally {
                await config().update("languageModel.enabled", undefined, target);
                await config().update("languageModel.sandboxTool", undefined, target);
            }
            await eventually(async () => (await vscode.lm.selectChatModels({ vendor: VENDOR })).length === 1, "the model is back");
            await eventually(() => invoke().then((result) => /^42\n/.test(textOf(vscode, result.content)), () => false), "the tool runs again", 60_000);
        },
    },
];
