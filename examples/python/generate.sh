#!/usr/bin/env bash
# Generates the Python modules of flic.proto and of google/rpc/{status,error_details}.proto into
# examples/python/gen/ (not committed). Needs Debian's protobuf-compiler (protoc) and
# protobuf-compiler-grpc (grpc_python_plugin), and `npm install` done in the repo (the google.rpc
# protos come from the google-proto-files package, never copied into flic).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/gen"
plugin="$(command -v grpc_python_plugin || true)"
if ! command -v protoc >/dev/null || [ -z "$plugin" ]; then
  echo "generate.sh: needs protoc and grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc)" >&2
  exit 2
fi
google="$(cd "$root" && node -p "require('path').dirname(require.resolve('google-proto-files/package.json'))")"

rm -rf "$out"
mkdir -p "$out"
protoc \
  -I "$root/proto" -I "$google" \
  --python_out="$out" \
  --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" \
  flic/v1/flic.proto
# The google.rpc messages only: their google.protobuf imports come with python3-protobuf.
protoc -I "$google" --python_out="$out" google/rpc/status.proto google/rpc/error_details.proto
echo "generated into $out"
