// The conversation the language-model cases have with a scripted synthetic gpt-oss, shared by the
// model's maker (test/e2e/companion.test.ts), the integration test (test/integration/
// lm-provider.test.ts) and the companion's cases (cases/language-model.js), so all three agree
// on every word. Three steps, each following the one before (the model tells them apart by words
// of the earlier steps it sees in its context):
//   1. asked to say hello, it answers HELLO;
//   2. asked to compute, it thinks (REASONING) and calls the sandbox tool with CODE;
//   3. given the tool's result (with step 2's reasoning back in the prompt), it answers ANSWER.
const HELLO_PROMPT = "Say hello.";
const HELLO = "Hello from the local gpt-oss.";
const RUN_PROMPT = "Now work out six times seven.";
const REASONING = "Quickest way: ask Python.";
const TOOL_NAME = "gptOss_runCode";
const INPUT = { language: "python", code: "print(6*7)" };
const ANSWER = "Python printed 42, so that is it.";

const SCRIPTS = [
    { trigger: "assistant", output: `<|channel|>final<|message|>${HELLO}<|return|>` },
    {
        trigger: "assistant",
        follows: true,
        output: `<|channel|>analysis<|message|>${REASONING}<|end|><|start|>assistant<|channel|>commentary to=functions.${TOOL_NAME} <|constrain|>json<|message|>${JSON.stringify(INPUT)}<|call|>`,
    },
    { trigger: "assistant", follows: true, output: `<|channel|>final<|message|>${ANSWER}<|return|>` },
];

/**
 * Everything else the prompts hold (the user's lines, the tool as package.json declares it, a
 * tool result): none of it may serve the model as a step marker. (The call's arguments must stay
 * off this list: a word of them is what tells step 3 from the rest of step 2.)
 */
function promptTexts(toolContribution) {
    return [
        HELLO_PROMPT, RUN_PROMPT, JSON.stringify(toolContribution), toolContribution.modelDescription,
        "42\n[exit code 0; 0.12 s; isolated (bubblewrap sandbox)]", "language: \"python\" | \"node\" | \"shell\"", "code: string",
    ];
}

module.exports = { HELLO_PROMPT, HELLO, RUN_PROMPT, REASONING, TOOL_NAME, INPUT, ANSWER, SCRIPTS, promptTexts };
