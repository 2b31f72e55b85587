# Sourced (not run) by bench/gpu/run.sh and scripts/llama-server/build.sh: puts llama.cpp's
# source, the release node-llama-cpp ships, into "$cache/llama.cpp-<commit>" (one checkout per
# commit, shared by every build that uses it) and sets $commit and $src.
#
# Needs $root (the repository), $cache (the cache folder) and the functions say, fail and need.
# The source comes from $root/.cache/llama.cpp-<commit>.tar.xz when present (a packed copy for a
# machine without git, see bench/gpu/run.sh --pack-source), else from node-llama-cpp's git bundle.
# Set llama_cpp_from_bundle=1 to ignore a packed copy (the packer itself reads the bundle).

llama_cpp_source() {
    llama_cpp_bundle="$root/node_modules/node-llama-cpp/llama/gitRelease.bundle"
    llama_cpp_packed=""
    if [ "${llama_cpp_from_bundle:-0}" != 1 ]; then
        llama_cpp_packed=$(ls "$root"/.cache/llama.cpp-*.tar.xz 2>/dev/null | head -n 1 || true)
    fi
    if [ -n "$llama_cpp_packed" ]; then
        commit=$(basename "$llama_cpp_packed" .tar.xz | sed 's/^llama\.cpp-//')
    else
        need git "it unpacks llama.cpp's source from node-llama-cpp's bundle (or carry .cache/llama.cpp-<commit>.tar.xz, see bench/gpu/run.sh --pack-source)"
        [ -f "$llama_cpp_bundle" ] || fail "$llama_cpp_bundle is missing: run npm install first, or carry that file to this machine"
        commit=$(git bundle list-heads "$llama_cpp_bundle" | awk 'NR==1 { print substr($1, 1, 12) }')
    fi
    [ -n "$commit" ] || fail "cannot tell which llama.cpp commit to build"
    src="$cache/llama.cpp-$commit"
    if [ ! -f "$src/CMakeLists.txt" ]; then
        say "unpacking llama.cpp $commit into $src"
        mkdir -p "$cache"
        # A partial copy is renamed only when complete, so an interrupted unpack is redone.
        rm -rf "$src.partial.$$"
        if [ -n "$llama_cpp_packed" ]; then
            mkdir "$src.partial.$$"
            xz -dc "$llama_cpp_packed" | tar -x -C "$src.partial.$$"
        else
            git -c advice.detachedHead=false clone --quiet "$llama_cpp_bundle" "$src.partial.$$"
        fi
        # Two builds may unpack at once; the first rename wins and the other copy is dropped.
        mv -T "$src.partial.$$" "$src" 2>/dev/null || rm -rf "$src.partial.$$"
    fi
}
