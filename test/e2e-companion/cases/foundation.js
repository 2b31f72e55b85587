// API-level checks of the foundation: the extension is there and active, its commands are
// registered, and its configuration reads back as its manifest declares.
const assert = require("node:assert/strict");

const EXTENSION_ID = "gpt-oss-assistant.gpt-oss-assistant";
const COMMANDS = [
    "gptOss.loadModel",
    "gptOss.unloadModel",
    "gptOss.chooseModel",
    "gptOss.showLog",
    "gptOss.showStatusMenu",
    "gptOss.restartServer",
];

function ourExtension(vscode) {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    return extension;
}

module.exports = [
    {
        name: "the extension is installed and active",
        async run(vscode) {
            const extension = ourExtension(vscode);
            // extensionDependencies activates it before us; activate() again is a no-op then.
            await extension.activate();
            assert.equal(extension.isActive, true);
        },
    },
    {
        name: "every gptOss command is registered",
        async run(vscode) {
            const registered = new Set(await vscode.commands.getCommands(true));
            const missing = COMMANDS.filter((command) => !registered.has(command));
            assert.deepEqual(missing, [], `not registered: ${missing.join(", ")}`);
        },
    },
    {
        name: "every command the manifest contributes is registered",
        async run(vscode) {
            const contributed = ourExtension(vscode).packageJSON.contributes.commands.map((c) => c.command);
            const registered = new Set(await vscode.commands.getCommands(true));
            assert.deepEqual(contributed.filter((command) => !registered.has(command)), []);
        },
    },
    {
        name: "configuration defaults read back as the manifest declares",
        async run(vscode) {
            const properties = ourExtension(vscode).packageJSON.contributes.configuration.properties;
            const config = vscode.workspace.getConfiguration("gptOss");
            for (const [key, schema] of Object.entries(properties)) {
                const inspected = config.inspect(key.replace(/^gptOss\./, ""));
                assert.ok(inspected, `${key} is not a known setting`);
                assert.deepEqual(inspected.defaultValue, schema.default, `${key} default`);
            }
        },
    },
    {
        name: "user settings win over defaults (the profile's model settings are seen)",
        async run(vscode) {
            const config = vscode.workspace.getConfiguration("gptOss");
            for (const key of ["model.source", "model.localPath", "gpu", "contextSize"]) {
                const inspected = config.inspect(key);
                if (inspected.globalValue !== undefined) assert.deepEqual(config.get(key), inspected.globalValue, key);
            }
            const source = config.get("model.source");
            assert.ok(["huggingface", "local", "remote"].includes(source), `model.source is ${source}`);
        },
    },
];
