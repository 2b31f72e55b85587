// Lookup (prompt n-gram) drafting for a context sequence: when the last few tokens also occur
// earlier in the context (a file the model read, the code it is completing), the tokens that
// followed them there are offered as a draft. node-llama-cpp evaluates the draft in one batch and
// keeps the drafted tokens the model samples itself, so the output never changes; a wrong draft
// only costs the batch. That cost is why the draft length adapts: it grows while drafts are
// accepted, shrinks to what was accepted, and drafting pauses (longer each time) after drafts
// that were refuted outright or while too few drafted tokens are accepted to pay for the batch,
// so text that copies nothing, or copies badly, runs at plain decoding speed.
//
// node-llama-cpp's InputLookupTokenPredictor searches only the prompt LlamaChat hands it, with a
// fixed length; this one also searches what the sequence generated (a completion repeating the
// pattern above it; an edit plan repeating its own anchor) and carries the adaptive length.
//
// With a text view (the model's tokenizer), it also searches the context as it reads inside a JSON
// string: an edit plan or a tool call quotes a file the model read with its newlines, quotes and
// backslashes escaped, which the file's own tokens never contain, so a plain lookup loses the copy
// at every line end and needs minMatch tokens of the next line to find it again.
import { TokenPredictor, type Token } from "node-llama-cpp";
import type { LookupSpeculationConfig } from "../../protocol/index.ts";

/** Candidate positions kept per n-gram: the most recent ones, where a copy usually continues. */
const CANDIDATES_PER_KEY = 8;
/** Drafts refuted at their first token in a row before drafting pauses. */
const MISSES_BEFORE_PAUSE = 2;
const FIRST_PAUSE_TOKENS = 8;
const LONGEST_PAUSE_TOKENS = 256;
/** A draft starts this long (or the configured length, when shorter) and doubles on success. */
const START_DRAFT = 4;
/**
 * Below this share of recently drafted tokens accepted, drafting pauses: on a CPU a drafted token
 * costs about a third of a generation step (docs/BENCHMARKS.md, "Speculation"), so a lower share
 * loses time. Recent = drafts weighted down by RECENT_DECAY each, judged once EVIDENCE_TOKENS
 * drafted tokens weigh in.
 */
const PAYING_ACCEPTANCE = 0.35;
const RECENT_DECAY = 0.8;
const EVIDENCE_TOKENS = 8;

export interface DraftStats {
    /** Drafts offered. */
    drafts: number;
    /** Tokens offered in them. */
    drafted: number;
    /** Of those, tokens the model then generated (what the draft saved). */
    accepted: number;
    /** Drafts not offered because drafting was paused. */
    pausedTokens: number;
}

/** How the predictor reads tokens as text and back: the model's tokenizer. */
export interface LookupTextView {
    detokenize(tokens: readonly Token[]): string;
    tokenize(text: string): Token[];
}

/** Characters a JSON string escapes that code is full of; text without them reads the same quoted. */
const ESCAPED_IN_JSON = /["\\\n\r\t]/;

/** Token stream with an index from each n-gram (the n tokens ending at a position) to where it ends. */
class NgramIndex {
    readonly tokens: Token[] = [];
    private readonly ends = new Map<string, number[]>();

    constructor(private readonly n: number) {}

    append(tokens: readonly Token[]): void {
        for (const token of tokens) {
            this.tokens.push(token);
            const end = this.tokens.length - 1;
            if (end + 1 < this.n) continue;
            const key = keyOf(this.tokens, end, this.n);
            const positions = this.ends.get(key);
            if (positions === undefined) this.ends.set(key, [end]);
            else {
                positions.push(end);
                if (positions.length > CANDIDATES_PER_KEY) positions.shift();
            }
        }
    }

    /** Positions (most recent last) where the n-gram `key` ends. */
    endsOf(key: string): readonly number[] {
        return this.ends.get(key) ?? [];
    }

    clear(): void {
        this.tokens.length = 0;
        this.ends.clear();
    }
}

function keyOf(tokens: readonly Token[], end: number, n: number): string {
    let key = "";
    for (let i = end - n + 1; i <= end; i++) key += `${tokens[i]},`;
    return key;
}

export class LookupPredictor extends TokenPredictor {
    /** The sequence's context and what it generated. */
    private readonly context: NgramIndex;
    /** The context's text as written inside a JSON string, tokenized (with a text view only). */
    private readonly quoted: NgramIndex;
    private length: number;
    private pending: Token[] | null = null;
    private matched = 0;
    private misses = 0;
    private pause = 0;
    private nextPause = FIRST_PAUSE_TOKENS;
    private recentDrafted = 0;
    private recentAccepted = 0;
    private readonly counts: DraftStats = { drafts: 0, drafted: 0, accepted: 0, pausedTokens: 0 };

    constructor(private readonly config: Readonly<LookupSpeculationConfig>, private readonly textView?: LookupTextView) {
        super();
        this.length = Math.min(START_DRAFT, config.draftLength);
        this.context = new NgramIndex(config.minMatch);
        this.quoted = new NgramIndex(config.minMatch);
    }

    /** What drafting did since the sequence was created (the caller takes differences). */
    get stats(): Readonly<DraftStats> {
        return { ...this.counts };
    }

    /** The draft length the next draft may use (it adapts). */
    get currentDraftLength(): number {
        return this.length;
    }

    reset({ stateTokens }: { stateTokens: Token[] }): void {
        this.settle();
        // A new generation usually extends the last one's context (the next chat turn, the next
        // keystroke): index only what is new instead of the whole context again.
        const known = this.context.tokens;
        let common = 0;
        const limit = Math.min(known.length, stateTokens.length);
        while (common < limit && known[common] === stateTokens[common]) common++;
        if (common < known.length) {
            this.context.clear();
            this.quoted.clear();
            common = 0;
        }
        const added = stateTokens.slice(common);
        this.context.append(added);
        this.appendQuoted(added);
    }

    pushTokens(tokens: Token[]): void {
        for (const token of tokens) {
            if (this.pending !== null) {
                if (token === this.pending[this.matched]) {
                    this.matched++;
                    if (this.matched === this.pending.length) this.settle();
                } else {
                    this.settle();
                }
            }
        }
        this.context.append(tokens);
    }

    predictTokens(): Token[] {
        this.settle();
        if (!this.config.enabled) return [];
        if (this.pause > 0) {
            this.pause--;
            this.counts.pausedTokens++;
            return [];
        }
        const draft = this.lookup();
        if (draft.length === 0) return [];
        this.pending = draft;
        this.matched = 0;
        this.counts.drafts++;
        this.counts.drafted += draft.length;
        return draft;
    }

    override dispose(): void {
        this.context.clear();
        this.quoted.clear();
        this.pending = null;
    }

    /** The quoted form of newly read context: only text a JSON string would write differently. */
    private appendQuoted(tokens: readonly Token[]): void {
        if (this.textView === undefined || tokens.length === 0 || !this.config.enabled) return;
        const text = this.textView.detokenize(tokens);
        if (!ESCAPED_IN_JSON.test(text)) return;
        this.quoted.append(this.textView.tokenize(JSON.stringify(text).slice(1, -1)));
    }

    /** The tokens that followed the longest earlier occurrence of the context's tail, plain or quoted. */
    private lookup(): Token[] {
        const n = this.config.minMatch;
        const tail = this.context.tokens;
        const end = tail.length - 1;
        if (end < n) return [];
        const key = keyOf(tail, end, n);
        let best: { source: readonly Token[]; position: number; length: number } | null = null;
        for (const source of [this.context, this.quoted]) {
            const tokens = source.tokens;
            const candidates = source.endsOf(key);
            for (let c = candidates.length - 1; c >= 0; c--) {
                const position = candidates[c]!;
                // In the context itself, the tail matches itself: only earlier occurrences count.
                if (source === this.context && position >= end) continue;
                let matchLength = n;
                while (matchLength < 64 && position - matchLength >= 0 && end - matchLength >= 0 && tokens[position - matchLength] === tail[end - matchLength]) matchLength++;
                if (best === null || matchLength > best.length) best = { source: tokens, position, length: matchLength };
            }
        }
        if (best === null) return [];
        const limit = best.source === tail ? end + 1 : best.source.length;
        return best.source.slice(best.position + 1, Math.min(best.position + 1 + this.length, limit));
    }

    /** Closes the draft in flight: how much of it the model generated decides the next length. */
    private settle(): void {
        const draft = this.pending;
        if (draft === null) return;
        this.pending = null;
        const accepted = this.matched;
        this.counts.accepted += accepted;
        this.recentDrafted = this.recentDrafted * RECENT_DECAY + draft.length;
        this.recentAccepted = this.recentAccepted * RECENT_DECAY + accepted;
        if (accepted === draft.length) this.length = Math.min(this.config.draftLength, this.length * 2);
        else if (accepted > 0) this.length = Math.max(1, Math.min(this.config.draftLength, accepted + 1));
        else this.length = Math.max(1, Math.floor(this.length / 2));
        this.misses = accepted === 0 ? this.misses + 1 : 0;
        const paying = this.recentDrafted < EVIDENCE_TOKENS || this.recentAccepted / this.recentDrafted >= PAYING_ACCEPTANCE;
        if (this.misses >= MISSES_BEFORE_PAUSE || !paying) {
            this.pause = this.nextPause;
            this.nextPause = Math.min(LONGEST_PAUSE_TOKENS, this.nextPause * 2);
            this.misses = 0;
            this.recentDrafted = 0;
            this.recentAccepted = 0;
        } else if (accepted > 0) {
            this.nextPause = FIRST_PAUSE_TOKENS;
        }
    }
}
