#!/bin/sh
# GPU benchmark of gpt-oss-20b's shape with llama.cpp's own llama-bench, built from the llama.cpp
# source node-llama-cpp ships. Runs on a machine with nvcc, CMake and a C compiler, and needs no
# Node.js and no network (the GPU machine has neither). `npm run bench:gpu` calls this script.
#
#   sh bench/gpu/run.sh          CUDA build for this GPU's architecture only, full-size
#                                gpt-oss-20b-shaped GGUF with random weights (about 12 GB),
#                                tg128 and pp2048 at depth 0 and 16k -> bench-results/gpu.json
#                                (GPT_OSS_BENCH_RESULTS=<dir> writes the report there instead)
#   sh bench/gpu/run.sh --cpu    CPU build, small gpt-oss-shaped model, smaller runs: proves the
#                                whole pipeline on a machine without a GPU -> bench-results/gpu-cpu.json
#   sh bench/gpu/run.sh --pack-source
#                                writes .cache/llama.cpp-<commit>.tar.xz (about 6 MB): the same source
#                                without git, for a GPU machine that has no git (carry that file)
#
# The llama.cpp source comes from .cache/llama.cpp-<commit>.tar.xz when present, else from
# node_modules/node-llama-cpp/llama/gitRelease.bundle (35 MB, needs git).
#
# Builds, the llama.cpp checkout and generated models are cached outside the repository in
# $GPT_OSS_BENCH_CACHE (default ~/.cache/gpt-oss-assistant), so a second run skips them.
set -eu

mode=gpu
case "${1:-}" in
    "") ;;
    --cpu) mode=cpu ;;
    --pack-source) mode=pack ;;
    *) echo "usage: sh bench/gpu/run.sh [--cpu | --pack-source]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/gpu"
cache="${GPT_OSS_BENCH_CACHE:-$HOME/.cache/gpt-oss-assistant}"
jobs=$(nproc 2>/dev/null || echo 4)
started=$(date +%s)

say() { echo "[bench:gpu] $*" >&2; }
fail() { echo "[bench:gpu] error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed; $2"; }

# 1. llama.cpp source, one checkout per commit (shared with the llama-server build).
. "$root/scripts/llama-server/llama-cpp-source.sh"
if [ "$mode" = pack ]; then llama_cpp_from_bundle=1; fi
llama_cpp_source
if [ "$mode" = pack ]; then
    # Only what the llama-bench build reads: no model vocabularies, docs, web UI or benchmarks data.
    out="$root/.cache/llama.cpp-$commit.tar.xz"
    mkdir -p "$root/.cache"
    git -C "$src" archive --format=tar HEAD -- . ':!models' ':!docs' ':!tools/ui' ':!benches' ':!media' ':!gguf-py' | xz -6 > "$out.partial"
    mv "$out.partial" "$out"
    say "wrote $out ($(wc -c < "$out") bytes)"
    exit 0
fi
need cmake "it builds llama-bench"
need cc "it builds the model generator"
generator=Ninja
command -v ninja >/dev/null 2>&1 || generator="Unix Makefiles"

# 2. llama-bench and ggml-base (the generator's gguf API), only what those targets need.
# GGML_NATIVE=OFF: -march=native turns on AMX on CPUs that advertise it, and a VM that does not
# grant the AMX tile state kills llama-bench with SIGILL (seen on this project's build machine).
# The portable AVX2 build is enough here: the GPU does the work, and --cpu proves the pipeline.
options="-DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF"
if [ "$mode" = gpu ]; then
    need nvcc "the CUDA toolkit builds the GPU backend"
    arch=""
    if command -v nvidia-smi >/dev/null 2>&1; then
        arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')
    fi
    [ -n "$arch" ] || arch=native # CMake asks the driver
    build="$cache/build-cuda-$arch"
    options="$options -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=$arch"
else
    build="$cache/build-cpu"
fi
build_started=$(date +%s)
mkdir -p "$cache/logs"
build_log="$cache/logs/build-$(basename "$build").log"
# Build output goes to a log (a CUDA build prints thousands of lines); its tail is shown on failure.
logged() { "$@" >> "$build_log" 2>&1 || { tail -n 40 "$build_log" >&2; fail "$1 failed; the whole log is $build_log"; }; }
say "configuring $build (log: $build_log)"
# Every run: cheap when nothing changed, and a cache from other options is brought in line.
# shellcheck disable=SC2086 # options is a list of words
logged cmake -S "$src" -B "$build" -G "$generator" $options
say "building llama-bench ($jobs jobs)"
logged cmake --build "$build" --target llama-bench ggml-base -j "$jobs"
build_seconds=$(( $(date +%s) - build_started ))
say "build took $build_seconds s"

tools="$build/bench-tools"
mkdir -p "$tools"
base_lib=$(find "$build" -name 'libggml-base.a' | head -n 1)
[ -n "$base_lib" ] || fail "libggml-base.a not found under $build"
# ggml-base uses OpenMP in a few quantization helpers; -fopenmp links its runtime when it is there.
openmp=""
if echo 'int main(void){return 0;}' | cc -fopenmp -x c - -o "$tools/openmp-check" 2>/dev/null; then openmp="-fopenmp"; fi
cc -O2 $openmp -o "$tools/gpt-oss-random-gguf" "$here/gpt-oss-random-gguf.c" -I"$src/ggml/include" "$base_lib" -lstdc++ -lm -lpthread
if [ "$mode" = gpu ]; then
    nvcc -O2 -arch="sm_$arch" -o "$tools/copy-bandwidth" "$here/copy-bandwidth.cu" 2>/dev/null \
        || nvcc -O2 -o "$tools/copy-bandwidth" "$here/copy-bandwidth.cu"
else
    cc -O2 -o "$tools/copy-bandwidth" "$here/copy-bandwidth-cpu.c" -lpthread
fi
bench="$build/bin/llama-bench"
[ -x "$bench" ] || fail "$bench was not built"

# 3. The random-weight model (kept between runs: same generator, same seed, same file).
if [ "$mode" = gpu ]; then shape=20b; else shape=small; fi
models="$cache/models"
mkdir -p "$models"
model="$models/gpt-oss-$shape-random.gguf"
facts="$models/gpt-oss-$shape-random.facts"
generate_started=$(date +%s)
if [ ! -f "$facts" ] || [ ! -f "$model" ] || [ "$here/gpt-oss-random-gguf.c" -nt "$model" ]; then
    say "generating $model"
    rm -f "$facts"
    "$tools/gpt-oss-random-gguf" "$shape" "$model" "$facts.partial" >&2
    mv "$facts.partial" "$facts"
fi
generate_seconds=$(( $(date +%s) - generate_started ))
fact() { awk -F= -v k="$1" '$1 == k { print $2 }' "$facts"; }

# 4. Achievable memory bandwidth (read + write of a large copy).
say "measuring memory bandwidth"
bandwidth_out=$("$tools/copy-bandwidth")
bandwidth=$(echo "$bandwidth_out" | awk -F= '$1 == "bandwidth_bytes_per_s" { print $2 }')
device=$(echo "$bandwidth_out" | awk -F= '$1 == "device" { print $2 }')

# 5. Decode, then prefill, at two context depths. Decode first, and the report is rewritten after
# each, so a call cut short by a time limit still leaves the decode figures behind.
if [ "$mode" = gpu ]; then
    common="-ngl 99 -fa 1 -r 3"; depths=0,16384; prompt=2048; gen=128
else
    # Half the cores, as the engine does on a CPU: a thread per hyper-thread only adds contention.
    common="-ngl 0 -fa 1 -r 2 -t $(( jobs > 1 ? jobs / 2 : 1 ))"; depths=0,2048; prompt=256; gen=32
fi
results="$cache/llama-bench-$mode.jsonl"
: > "$results"

# 6. <results>/gpu.json (or gpu-cpu.json): {machine, date, figures}. Bytes per decoded token = the
# weights one token reads (all non-expert tensors, one embedding row, 4 of the experts per layer)
# plus the KV cache it attends to (full-attention layers: every cached token; sliding-window
# layers: at most the window), at the mean depth of the tg run. GPT_OSS_BENCH_RESULTS moves the
# report (default: bench-results/ in the repository).
results_dir="${GPT_OSS_BENCH_RESULTS:-$root/bench-results}"
mkdir -p "$results_dir"
if [ "$mode" = gpu ]; then out="$results_dir/gpu.json"; else out="$results_dir/gpu-cpu.json"; fi
cpu_model=$(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
report() {
    awk -v device="$device" -v cpu="$cpu_model" -v cores="$jobs" -v mode="$mode" -v shape="$shape" \
        -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v bandwidth="$bandwidth" \
        -v weight="$(fact weight_bytes_per_token)" -v kvfull="$(fact kv_bytes_per_cached_token_full)" \
        -v kvswa="$(fact kv_bytes_per_cached_token_swa)" -v window="$(fact sliding_window)" \
        -v file_bytes="$(fact file_bytes)" -v build_seconds="$build_seconds" -v generate_seconds="$generate_seconds" -v commit="$commit" '
        function field(line, name,    m) {
            if (match(line, "\"" name "\": [0-9.e+-]+")) { m = substr(line, RSTART, RLENGTH); sub(/^[^:]*: /, "", m); return m + 0 }
            return -1
        }
        {
            p = field($0, "n_prompt"); g = field($0, "n_gen"); d = field($0, "n_depth"); ts = field($0, "avg_ts")
            depth = d >= 1024 ? int(d / 1024) "k" : d
            if (g > 0) {
                mean_depth = d + g / 2
                bytes = weight + kvfull * mean_depth + kvswa * (mean_depth < window ? mean_depth : window)
                key = "decode_tg" g "_depth" depth
                figures[++n] = sprintf("\"%s_tok_per_s\": %.2f", key, ts)
                figures[++n] = sprintf("\"%s_bytes_per_token\": %.0f", key, bytes)
                figures[++n] = sprintf("\"%s_bandwidth_bound_tok_per_s\": %.2f", key, bandwidth / bytes)
                figures[++n] = sprintf("\"%s_fraction_of_bound\": %.3f", key, ts * bytes / bandwidth)
            } else if (p > 0) {
                figures[++n] = sprintf("\"prefill_pp%d_depth%s_tok_per_s\": %.2f", p, depth, ts)
            }
        }
        END {
            if (n == 0) { print "no llama-bench results" > "/dev/stderr"; exit 1 }
            machine = (mode == "gpu" ? device : device ", " cpu) ", " cores " CPU cores"
            printf "{\n  \"machine\": \"%s\",\n  \"date\": \"%s\",\n  \"figures\": {\n", machine, date
            printf "    \"mode\": \"%s\",\n    \"model\": \"gpt-oss-%s shape, random weights, MXFP4 experts\",\n", mode, shape
            printf "    \"llama_cpp_commit\": \"%s\",\n    \"model_file_bytes\": %s,\n", commit, file_bytes
            printf "    \"memory_bandwidth_bytes_per_s\": %s,\n    \"weight_bytes_per_decoded_token\": %s,\n", bandwidth, weight
            printf "    \"build_seconds\": %s,\n    \"generate_seconds\": %s", build_seconds, generate_seconds
            for (i = 1; i <= n; i++) printf ",\n    %s", figures[i]
            printf "\n  }\n}\n"
        }' "$results" > "$out.partial"
    mv "$out.partial" "$out"
}

say "llama-bench decode: $common -p 0 -n $gen -d $depths"
# shellcheck disable=SC2086 # common is a list of words
"$bench" -m "$model" $common -p 0 -n "$gen" -d "$depths" -o jsonl >> "$results"
report
say "llama-bench prefill: $common -p $prompt -n 0 -d $depths"
# shellcheck disable=SC2086
"$bench" -m "$model" $common -p "$prompt" -n 0 -d "$depths" -o jsonl >> "$results"
report
say "wrote $out in $(( $(date +%s) - started )) s"
cat "$out"
