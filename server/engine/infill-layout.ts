// Which order a fill-in-the-middle code model expects its prompt in, chosen from the GGUF's own
// metadata (general.name / general.basename / general.architecture). A model only infills well in
// an order it was trained on, so a family gets suffix-first only where its makers say so:
//
// - "prefix-suffix-middle" (PSM): <PRE> prefix <SUF> suffix <MID>. Every FIM family is trained on
//   it (Qwen2.5-Coder, DeepSeek-Coder, StarCoder2, CodeGemma, Code Llama); the default.
// - "suffix-prefix-middle" (SPM, the FIM paper's "variant 2"): <PRE> <SUF> suffix <MID> prefix.
//   Code Llama: Meta's reference code (meta-llama/codellama, llama/generation.py,
//   infilling_prompt_tokens with suffix_first) and its model card ("Infilling can be done in two
//   different ways"). The code after the cursor comes first and stays the same while the user
//   types, so a keystroke re-evaluates only the end of the prefix instead of the whole suffix.
// - "suffix-then-prefix": <SUF> suffix <PRE> prefix, no middle token. Mistral's Codestral
//   (mistralai/mistral-common, InstructTokenizerV2.encode_fim), and any model whose GGUF declares
//   no middle token (what llama.cpp's own infill does then). Also keeps the suffix cached.
//
// Sources and the per-family table: README "Fill-in-the-middle layouts".

export type InfillLayout = "prefix-suffix-middle" | "suffix-prefix-middle" | "suffix-then-prefix";

export interface InfillModelIdentity {
    /** general.name */
    name: string;
    /** general.basename, when the converter wrote it (llama.cpp's convert script does). */
    basename?: string | null;
    /** general.architecture */
    architecture: string;
}

export interface InfillFamily {
    /** The family recognised, for logs and tests; "other" when none. */
    family: string;
    layout: InfillLayout;
}

interface FamilyRule {
    family: string;
    matches: (identity: InfillModelIdentity, text: string) => boolean;
    /** Null: PSM when the model has a middle token, else suffix-then-prefix. */
    layout: InfillLayout | null;
}

const RULES: FamilyRule[] = [
    { family: "Code Llama", matches: (_, text) => /code[\s_-]?llama/.test(text), layout: "suffix-prefix-middle" },
    { family: "Codestral", matches: (_, text) => /codestral/.test(text), layout: "suffix-then-prefix" },
    { family: "Qwen2.5-Coder", matches: (_, text) => /qwen[\d.]*[\s_-]?coder/.test(text), layout: null },
    { family: "DeepSeek-Coder", matches: (_, text) => /deepseek[\s_-]?coder/.test(text), layout: null },
    { family: "StarCoder2", matches: (identity, text) => identity.architecture === "starcoder2" || /starcoder/.test(text), layout: null },
    { family: "CodeGemma", matches: (_, text) => /codegemma/.test(text), layout: null },
];

export function infillFamily(identity: InfillModelIdentity, hasMiddleToken: boolean): InfillFamily {
    const text = `${identity.name} ${identity.basename ?? ""}`.toLowerCase();
    const rule = RULES.find((candidate) => candidate.matches(identity, text));
    const family = rule?.family ?? "other";
    const fallback: InfillLayout = hasMiddleToken ? "prefix-suffix-middle" : "suffix-then-prefix";
    const layout = rule?.layout ?? fallback;
    // A layout that ends in the middle token needs one; without it the model continues the prefix.
    return { family, layout: layout !== "suffix-then-prefix" && !hasMiddleToken ? "suffix-then-prefix" : layout };
}
