#!/bin/sh
# Builds llama.cpp's own HTTP server (llama-server, CPU only) from the llama.cpp release that
# node-llama-cpp ships, for the tests that drive our remote backend against a real server.
#
#   sh scripts/llama-server/build.sh     prints the binary's absolute path on stdout when done
#
# Cached per llama.cpp commit in $GPT_OSS_LLAMA_SERVER_CACHE (default: the folder code-server is
# cached in, ~/.cache/gpt-oss-assistant): llama-server-<commit>/bin/llama-server, with a
# `ready` marker written only after a complete build. Runs hold an exclusive lock
# (llama-server-<commit>.lock, flock), so two never build at once: the second waits, then finds
# the marker and returns at once. `npm test` starts this in the background at its beginning; the
# real-server tests run it again, which waits for that build through the same lock.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cache="${GPT_OSS_LLAMA_SERVER_CACHE:-$HOME/.cache/gpt-oss-assistant}"

say() { echo "[llama-server build] $*" >&2; }
fail() { echo "[llama-server build] error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed; $2 (Debian/Ubuntu: apt-get install cmake g++ git)"; }

. "$root/scripts/llama-server/llama-cpp-source.sh"

need git "it unpacks llama.cpp's source from node-llama-cpp's bundle"
bundle="$root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
[ -f "$bundle" ] || fail "$bundle is missing: run npm install first"
commit=$(git bundle list-heads "$bundle" | awk 'NR==1 { print substr($1, 1, 12) }')
[ -n "$commit" ] || fail "cannot tell which llama.cpp commit $bundle holds"
home="$cache/llama-server-$commit"
build="$home/build"
binary="$home/bin/llama-server"
marker="$home/ready"

# Only what llama-server needs: static, portable CPU code, no tests/examples/other tools' extras,
# no web UI (neither npm nor a download), no HTTPS (the tests talk to loopback).
# GGML_NATIVE=OFF: -march=native turns on AMX on CPUs that advertise it, and a VM that does not
# grant the AMX tile state kills the binary with SIGILL (seen on this project's build machine).
options="-DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DBUILD_SHARED_LIBS=OFF \
-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON \
-DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
-DGGML_OPENMP=OFF -DGGML_RPC=OFF -DGGML_BACKEND_DL=OFF"

# The marker is written (by a rename) only after a complete build with these options.
cached() { [ -x "$binary" ] && [ -f "$marker" ] && [ "$(sed -n 's/^options=//p' "$marker")" = "$options" ]; }
if cached; then
    say "cached: $binary"
    echo "$binary"
    exit 0
fi

need flock "it keeps two builds from running at once (util-linux)"
need cmake "it configures llama.cpp's build"
need g++ "it compiles llama.cpp (C++17)"
need cc "it compiles ggml's C sources"

mkdir -p "$cache"
if [ -z "${GPT_OSS_LLAMA_SERVER_LOCKED:-}" ]; then
    lock="$cache/llama-server-$commit.lock"
    if ! flock -n "$lock" true; then say "another build holds $lock; waiting for it"; fi
    # This script again, under the lock: its first check finds a build the wait was for.
    GPT_OSS_LLAMA_SERVER_LOCKED=1 exec flock "$lock" sh "$0" "$@"
fi

# Always from the bundle: the packed copy for GPU machines leaves out the server's web UI folder.
llama_cpp_from_bundle=1
llama_cpp_source
[ -f "$src/tools/ui/CMakeLists.txt" ] || fail "$src lacks tools/ui (unpacked from a packed copy for llama-bench); delete that folder and run again"

generator=Ninja
command -v ninja >/dev/null 2>&1 || generator="Unix Makefiles"
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$home/bin"
rm -f "$marker"
log="$home/build.log"
: > "$log"
# Compiler output goes to the log (thousands of lines); its tail is shown on failure.
logged() { "$@" >> "$log" 2>&1 || { tail -n 40 "$log" >&2; fail "$1 failed; the whole log is $log"; }; }
started=$(date +%s)
say "llama.cpp $commit -> $binary"
say "configuring $build ($generator; log: $log)"
# shellcheck disable=SC2086 # options is a list of words
logged cmake -S "$src" -B "$build" -G "$generator" $options
say "compiling the llama-server target only, $jobs jobs at nice 19 (about 7 CPU-minutes: 6 to 11 minutes on 2 busy cores)"
logged nice -n 19 cmake --build "$build" --target llama-server -j "$jobs"
[ -x "$build/bin/llama-server" ] || fail "$build/bin/llama-server was not built; see $log"
cp "$build/bin/llama-server" "$binary.new"
mv "$binary.new" "$binary"
seconds=$(( $(date +%s) - started ))
printf 'commit=%s\nbinary=%s\nbuild_seconds=%s\noptions=%s\n' "$commit" "$binary" "$seconds" "$options" > "$marker.new"
mv "$marker.new" "$marker"
say "built in $seconds s ($(( seconds / 60 )) min $(( seconds % 60 )) s)"
echo "$binary"
