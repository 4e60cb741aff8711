#!/usr/bin/env bash
# Builds the C++ example and runs it against a real flic server that this script starts (the
# repository's build, `node dist/src/server/main.js`, on 127.0.0.1 with an ephemeral port, read
# from its `flic listening` log line) and stops. CI runs it; it exits non-zero on any mismatch.
# A missing Debian package stops it with exit code 2 and names the package.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

missing=()
command -v g++ >/dev/null || missing+=("g++ (Debian: g++)")
command -v make >/dev/null || missing+=("make (Debian: make)")
command -v pkg-config >/dev/null || missing+=("pkg-config (Debian: pkg-config)")
command -v protoc >/dev/null || missing+=("protoc (Debian: protobuf-compiler)")
command -v grpc_cpp_plugin >/dev/null || missing+=("grpc_cpp_plugin (Debian: protobuf-compiler-grpc)")
pkg-config --exists grpc++ 2>/dev/null || missing+=("grpc++ (Debian: libgrpc++-dev)")
[ -f /usr/include/google/protobuf/any.proto ] || missing+=("protobuf headers (Debian: libprotobuf-dev)")
command -v "${FLIC_NODE:-node}" >/dev/null || missing+=("node (the flic server; set FLIC_NODE)")
[ -f "$root/dist/src/server/main.js" ] || missing+=("$root/dist/src/server/main.js (run npm run build)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'examples/cpp/run.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

make -C "$here" -j"$(nproc)" --no-print-directory >/dev/null

log="$(mktemp)"
"${FLIC_NODE:-node}" "$root/dist/src/server/main.js" --host 127.0.0.1 --port 0 \
  --metrics-host 127.0.0.1 --metrics-port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT

port=""
for _ in $(seq 300); do
  port="$(grep '"msg":"flic listening"' "$log" | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "examples/cpp/run.sh: flic exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "examples/cpp/run.sh: flic did not start in 30 s" >&2; exit 1; }

"$here/build/flic_example" --addr "127.0.0.1:$port"
