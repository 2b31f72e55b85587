// Tool definitions take room in the prompt (each one's JSON schema is rendered into the
// developer message), so the user's tools get a budget of estimated tokens. When the enabled ones
// do not fit, the most relevant to the task are kept: those sharing the most words with the
// instruction, ties in the order they were configured. What was left out is named to the model.
import type { ToolDefinition } from "../../../../protocol/index.ts";

export interface BudgetCandidate {
    readonly definition: ToolDefinition;
}

export interface BudgetCut<T> {
    kept: T[];
    omitted: T[];
}

/** Estimated prompt tokens of one definition: about 4 characters a token, as elsewhere. */
export function definitionTokens(definition: ToolDefinition): number {
    return Math.ceil(JSON.stringify(definition).length / 4);
}

export function cutToBudget<T extends BudgetCandidate>(candidates: readonly T[], instruction: string, budgetTokens: number): BudgetCut<T> {
    const words = wordsOf(instruction);
    const ranked = candidates
        .map((candidate, order) => ({ candidate, order, score: relevance(candidate.definition, words), cost: definitionTokens(candidate.definition) }))
        .sort((a, b) => b.score - a.score || a.order - b.order);
    const keptOrders = new Set<number>();
    let used = 0;
    for (const entry of ranked) {
        if (used + entry.cost > budgetTokens) continue;
        used += entry.cost;
        keptOrders.add(entry.order);
    }
    return {
        kept: candidates.filter((_, order) => keptOrders.has(order)),
        omitted: candidates.filter((_, order) => !keptOrders.has(order)),
    };
}

/** The line the model reads about tools that did not fit. */
export function omittedNote(names: readonly string[]): string | null {
    if (names.length === 0) return null;
    return `To fit the context, ${names.length} of the user's tools ${names.length === 1 ? "was" : "were"} left out of this task: ${names.join(", ")}. They cannot be called now.`;
}

function relevance(definition: ToolDefinition, words: ReadonlySet<string>): number {
    let score = 0;
    for (const word of wordsOf(`${definition.name} ${definition.description}`)) if (words.has(word)) score += 1;
    return score;
}

function wordsOf(text: string): Set<string> {
    return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length >= 3));
}
