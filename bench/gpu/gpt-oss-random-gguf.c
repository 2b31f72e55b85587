// Writes a gpt-oss-shaped GGUF with random weights through ggml's gguf API, for llama-bench on a
// machine without Node. Batch-1 decode speed depends on the tensor shapes and the bytes read per
// token, not on the values, so random weights give the real model's decode and prefill cost.
//
// Shapes and types follow the published MXFP4 GGUFs (see test/fixtures/real-shape-model/): expert
// tensors MXFP4, other 2-D weights Q8_0, router, norms and biases F32. Values are kept finite and
// small (bounded scales) so routing and attention stay numerically sane.
//
// Usage: gpt-oss-random-gguf <20b|120b|small> <out.gguf> <facts.txt>
// facts.txt gets key=value lines the benchmark script turns into bytes read per decoded token.
#include "ggml.h"
#include "gguf.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shape {
    const char * name;
    int n_layer, n_embd, n_head, n_head_kv, head_dim, n_expert, n_expert_used, n_ff_exp, n_vocab, n_ctx, n_swa;
};

static const struct shape SHAPES[] = {
    // The published models (OpenAI's model cards; llama.cpp's gpt-oss GGUF metadata).
    { "20b",   24, 2880, 64, 8, 64,  32, 4, 2880, 201088, 131072, 128 },
    { "120b",  36, 2880, 64, 8, 64, 128, 4, 2880, 201088, 131072, 128 },
    // Same structure, small enough for a 2-core CPU: proves the pipeline, not the GPU figure.
    { "small",  4,  512,  8, 2, 64,  16, 4,  512,   8192, 131072, 128 },
};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull; // fixed seed: the same file every run

static inline uint64_t next_random(void) {
    uint64_t x = rng_state;
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    return rng_state = x;
}

static void fill_random_bytes(uint8_t * data, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { uint64_t r = next_random(); memcpy(data + i, &r, 8); }
    if (i < n) { uint64_t r = next_random(); memcpy(data + i, &r, n - i); }
}

// Small uniform values in [-scale, scale]; norm weights get 1 + that.
static void fill_f32(float * data, size_t n, float scale, float offset) {
    for (size_t i = 0; i < n; i++) {
        double u = (double)(next_random() >> 11) / 9007199254740992.0; // [0, 1)
        data[i] = offset + (float)((u * 2.0 - 1.0) * scale);
    }
}

// Q8_0 block: f16 scale then 32 int8. Scale fixed at 2^-10 so dequantized values stay within +-0.125.
static void fill_q8_0(uint8_t * data, size_t n_blocks) {
    const uint16_t scale_f16 = 0x1400; // 2^-10
    for (size_t b = 0; b < n_blocks; b++) {
        uint8_t * block = data + b * 34;
        memcpy(block, &scale_f16, 2);
        fill_random_bytes(block + 2, 32);
    }
}

// MXFP4 block: E8M0 scale then 16 bytes of E2M1 pairs. Exponent 2^-6..2^-4 keeps values below 0.4.
static void fill_mxfp4(uint8_t * data, size_t n_blocks) {
    for (size_t b = 0; b < n_blocks; b++) {
        uint8_t * block = data + b * 17;
        block[0] = (uint8_t)(121 + next_random() % 3);
        fill_random_bytes(block + 1, 16);
    }
}

static struct ggml_tensor * add(struct ggml_context * ctx, struct gguf_context * gguf, enum ggml_type type, const char * name,
                                int n_dims, int64_t ne0, int64_t ne1, int64_t ne2) {
    struct ggml_tensor * t = n_dims == 1 ? ggml_new_tensor_1d(ctx, type, ne0)
                           : n_dims == 2 ? ggml_new_tensor_2d(ctx, type, ne0, ne1)
                                         : ggml_new_tensor_3d(ctx, type, ne0, ne1, ne2);
    ggml_set_name(t, name);
    gguf_add_tensor(gguf, t);
    return t;
}

static int is_expert(const char * name) { return strstr(name, "_exps.") != NULL; }

int main(int argc, char ** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s <20b|120b|small> <out.gguf> <facts.txt>\n", argv[0]);
        return 2;
    }
    const struct shape * s = NULL;
    for (size_t i = 0; i < sizeof(SHAPES) / sizeof(SHAPES[0]); i++) if (strcmp(SHAPES[i].name, argv[1]) == 0) s = &SHAPES[i];
    if (!s) { fprintf(stderr, "unknown shape '%s' (20b, 120b or small)\n", argv[1]); return 2; }

    const int n_tensors = 3 + 19 * s->n_layer;
    struct ggml_init_params params = { (size_t)(n_tensors + 8) * ggml_tensor_overhead(), NULL, true };
    struct ggml_context * ctx = ggml_init(params);
    struct gguf_context * gguf = gguf_init_empty();

    const char * a = "gpt-oss";
    char key[128];
#define KEY(suffix) (snprintf(key, sizeof(key), "%s.%s", a, suffix), key)
    gguf_set_val_str(gguf, "general.architecture", a);
    gguf_set_val_str(gguf, "general.type", "model");
    gguf_set_val_str(gguf, "general.name", "gpt-oss random weights");
    gguf_set_val_u32(gguf, "general.file_type", 38); // MOSTLY_MXFP4_MOE
    gguf_set_val_u32(gguf, "general.quantization_version", 2);
    gguf_set_val_u32(gguf, KEY("block_count"), s->n_layer);
    gguf_set_val_u32(gguf, KEY("context_length"), s->n_ctx);
    gguf_set_val_u32(gguf, KEY("embedding_length"), s->n_embd);
    gguf_set_val_u32(gguf, KEY("feed_forward_length"), s->n_ff_exp);
    gguf_set_val_u32(gguf, KEY("expert_feed_forward_length"), s->n_ff_exp);
    gguf_set_val_u32(gguf, KEY("attention.head_count"), s->n_head);
    gguf_set_val_u32(gguf, KEY("attention.head_count_kv"), s->n_head_kv);
    gguf_set_val_u32(gguf, KEY("attention.key_length"), s->head_dim);
    gguf_set_val_u32(gguf, KEY("attention.value_length"), s->head_dim);
    gguf_set_val_f32(gguf, KEY("attention.layer_norm_rms_epsilon"), 1e-5f);
    gguf_set_val_u32(gguf, KEY("attention.sliding_window"), s->n_swa);
    gguf_set_val_u32(gguf, KEY("expert_count"), s->n_expert);
    gguf_set_val_u32(gguf, KEY("expert_used_count"), s->n_expert_used);
    gguf_set_val_f32(gguf, KEY("rope.freq_base"), 150000.0f);
    gguf_set_val_str(gguf, KEY("rope.scaling.type"), "yarn");
    gguf_set_val_f32(gguf, KEY("rope.scaling.factor"), 32.0f);
    gguf_set_val_u32(gguf, KEY("rope.scaling.original_context_length"), 4096);

    // Vocabulary: plain ASCII tokens (llama-bench feeds token ids, it never tokenizes text), the
    // harmony control tokens at their published ids when the vocabulary is that large, one merge.
    char ** tokens = malloc(sizeof(char *) * s->n_vocab);
    int32_t * types = malloc(sizeof(int32_t) * s->n_vocab);
    static const struct { int id; const char * text; } specials[] = {
        { 199998, "<|startoftext|>" }, { 199999, "<|endoftext|>" }, { 200002, "<|return|>" },
        { 200005, "<|channel|>" }, { 200006, "<|start|>" }, { 200007, "<|end|>" }, { 200008, "<|message|>" }, { 200012, "<|call|>" },
    };
    for (int i = 0; i < s->n_vocab; i++) {
        tokens[i] = malloc(16);
        snprintf(tokens[i], 16, "t%d", i);
        types[i] = 1; // normal
    }
    const int bos = s->n_vocab > 200012 ? 199998 : s->n_vocab - 3;
    const int eos = s->n_vocab > 200012 ? 200002 : s->n_vocab - 2;
    const int pad = s->n_vocab > 200012 ? 199999 : s->n_vocab - 1;
    if (s->n_vocab > 200012) {
        for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
            snprintf(tokens[specials[i].id], 16, "%s", specials[i].text);
            types[specials[i].id] = 3; // control
        }
    } else {
        snprintf(tokens[bos], 16, "<|startoftext|>"); types[bos] = 3;
        snprintf(tokens[eos], 16, "<|return|>"); types[eos] = 3;
        snprintf(tokens[pad], 16, "<|endoftext|>"); types[pad] = 3;
    }
    const char * merges[] = { "t 1" };
    gguf_set_val_str(gguf, "tokenizer.ggml.model", "gpt2");
    gguf_set_val_str(gguf, "tokenizer.ggml.pre", "gpt-4o");
    gguf_set_arr_str(gguf, "tokenizer.ggml.tokens", (const char **)tokens, s->n_vocab);
    gguf_set_arr_data(gguf, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types, s->n_vocab);
    gguf_set_arr_str(gguf, "tokenizer.ggml.merges", merges, 1);
    gguf_set_val_u32(gguf, "tokenizer.ggml.bos_token_id", bos);
    gguf_set_val_u32(gguf, "tokenizer.ggml.eos_token_id", eos);
    gguf_set_val_u32(gguf, "tokenizer.ggml.padding_token_id", pad);

    const int64_t d = s->n_embd, q = (int64_t)s->n_head * s->head_dim, kv = (int64_t)s->n_head_kv * s->head_dim;
    const int64_t ff = s->n_ff_exp, ne = s->n_expert;
    char name[96];
#define T(type, dims, ne0, ne1, ne2, fmt, ...) (snprintf(name, sizeof(name), fmt, __VA_ARGS__), add(ctx, gguf, type, name, dims, ne0, ne1, ne2))
    add(ctx, gguf, GGML_TYPE_Q8_0, "token_embd.weight", 2, d, s->n_vocab, 1);
    for (int il = 0; il < s->n_layer; il++) {
        T(GGML_TYPE_F32,   1, d, 1, 1, "blk.%d.attn_norm.weight", il);
        T(GGML_TYPE_Q8_0,  2, d, q, 1, "blk.%d.attn_q.weight", il);
        T(GGML_TYPE_F32,   1, q, 1, 1, "blk.%d.attn_q.bias", il);
        T(GGML_TYPE_Q8_0,  2, d, kv, 1, "blk.%d.attn_k.weight", il);
        T(GGML_TYPE_F32,   1, kv, 1, 1, "blk.%d.attn_k.bias", il);
        T(GGML_TYPE_Q8_0,  2, d, kv, 1, "blk.%d.attn_v.weight", il);
        T(GGML_TYPE_F32,   1, kv, 1, 1, "blk.%d.attn_v.bias", il);
        T(GGML_TYPE_Q8_0,  2, q, d, 1, "blk.%d.attn_output.weight", il);
        T(GGML_TYPE_F32,   1, d, 1, 1, "blk.%d.attn_output.bias", il);
        T(GGML_TYPE_F32,   1, s->n_head, 1, 1, "blk.%d.attn_sinks.weight", il);
        T(GGML_TYPE_F32,   1, d, 1, 1, "blk.%d.post_attention_norm.weight", il);
        T(GGML_TYPE_F32,   2, d, ne, 1, "blk.%d.ffn_gate_inp.weight", il);
        T(GGML_TYPE_F32,   1, ne, 1, 1, "blk.%d.ffn_gate_inp.bias", il);
        T(GGML_TYPE_MXFP4, 3, d, ff, ne, "blk.%d.ffn_gate_exps.weight", il);
        T(GGML_TYPE_F32,   2, ff, ne, 1, "blk.%d.ffn_gate_exps.bias", il);
        T(GGML_TYPE_MXFP4, 3, d, ff, ne, "blk.%d.ffn_up_exps.weight", il);
        T(GGML_TYPE_F32,   2, ff, ne, 1, "blk.%d.ffn_up_exps.bias", il);
        T(GGML_TYPE_MXFP4, 3, ff, d, ne, "blk.%d.ffn_down_exps.weight", il);
        T(GGML_TYPE_F32,   2, d, ne, 1, "blk.%d.ffn_down_exps.bias", il);
    }
    add(ctx, gguf, GGML_TYPE_F32, "output_norm.weight", 1, d, 1, 1);
    add(ctx, gguf, GGML_TYPE_Q8_0, "output.weight", 2, d, s->n_vocab, 1);

    if (!gguf_write_to_file(gguf, argv[2], /*only_meta =*/ true)) { fprintf(stderr, "cannot write %s\n", argv[2]); return 1; }
    FILE * out = fopen(argv[2], "ab");
    if (!out) { perror(argv[2]); return 1; }

    // Bytes one decoded token reads: every non-expert weight, one row of the embedding, and
    // n_expert_used of n_expert experts (weights and biases) in every layer.
    uint64_t file_data = 0, per_token = 0;
    size_t buffer_size = 0;
    uint8_t * buffer = NULL;
    const int64_t count = gguf_get_n_tensors(gguf);
    for (int64_t i = 0; i < count; i++) {
        const char * tname = gguf_get_tensor_name(gguf, i);
        const enum ggml_type type = gguf_get_tensor_type(gguf, i);
        const size_t size = gguf_get_tensor_size(gguf, i);
        const size_t offset = gguf_get_tensor_offset(gguf, i);
        if (offset > file_data) { // alignment padding before this tensor
            static const uint8_t zeros[64] = { 0 };
            fwrite(zeros, 1, offset - file_data, out);
            file_data = offset;
        }
        if (size > buffer_size) { free(buffer); buffer = malloc(size); buffer_size = size; }
        if (!buffer) { fprintf(stderr, "out of memory for %s (%zu bytes)\n", tname, size); return 1; }
        const int is_norm = strstr(tname, "norm.weight") != NULL;
        switch (type) {
            case GGML_TYPE_Q8_0:  fill_q8_0(buffer, size / 34); break;
            case GGML_TYPE_MXFP4: fill_mxfp4(buffer, size / 17); break;
            default:              fill_f32((float *)buffer, size / 4, is_norm ? 0.05f : 0.02f, is_norm ? 1.0f : 0.0f); break;
        }
        if (fwrite(buffer, 1, size, out) != size) { perror("write"); return 1; }
        file_data += size;
        if (strcmp(tname, "token_embd.weight") == 0) per_token += size / s->n_vocab;
        else if (is_expert(tname)) per_token += size / s->n_expert * s->n_expert_used;
        else per_token += size;
    }
    fclose(out);
    free(buffer);

    FILE * facts = fopen(argv[3], "w");
    if (!facts) { perror(argv[3]); return 1; }
    // gpt-oss alternates sliding-window and full-attention layers; the K and V caches are F16.
    const int full_layers = s->n_layer / 2, swa_layers = s->n_layer - full_layers;
    fprintf(facts, "shape=%s\n", s->name);
    fprintf(facts, "file_bytes=%" PRIu64 "\n", (uint64_t)(gguf_get_meta_size(gguf) + file_data));
    fprintf(facts, "weight_bytes_per_token=%" PRIu64 "\n", per_token);
    fprintf(facts, "kv_bytes_per_cached_token_full=%" PRId64 "\n", (int64_t)full_layers * 2 * kv * 2);
    fprintf(facts, "kv_bytes_per_cached_token_swa=%" PRId64 "\n", (int64_t)swa_layers * 2 * kv * 2);
    fprintf(facts, "sliding_window=%d\n", s->n_swa);
    fclose(facts);
    printf("wrote %s: %" PRIu64 " bytes, %" PRIu64 " weight bytes read per decoded token\n", argv[2], (uint64_t)(gguf_get_meta_size(gguf) + file_data), per_token);

    gguf_free(gguf);
    ggml_free(ctx);
    for (int i = 0; i < s->n_vocab; i++) free(tokens[i]);
    free(tokens);
    free(types);
    return 0;
}
