#!/usr/bin/env bash
# Regenerates the committed Go code of proto/flic/v1/flic.proto into flicv1/ (the proto's
# go_package is flic/clients/go/flicv1). Usage: generate.sh [OUT_DIR] (default: this module;
# flic/generated_test.go passes a temporary directory and compares). The committed files come from
# Debian 12's protoc 3.21.12 (protobuf-compiler), protoc-gen-go 1.28.1 (protoc-gen-go) and
# protoc-gen-go-grpc 1.0 (Debian package protoc-gen-go-grpc 1.33.3, built from grpc-go 1.33.3);
# flicv1/flic.pb.go names the first two versions in its header.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here}"
module="flic/clients/go"

missing=()
command -v protoc >/dev/null || missing+=("protoc (Debian: protobuf-compiler)")
command -v protoc-gen-go >/dev/null || missing+=("protoc-gen-go (Debian: protoc-gen-go)")
command -v protoc-gen-go-grpc >/dev/null || missing+=("protoc-gen-go-grpc (Debian: protoc-gen-go-grpc)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'generate.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

mkdir -p "$out"
protoc -I "$root/proto" \
  --go_out="$out" --go_opt=module="$module" \
  --go-grpc_out="$out" --go-grpc_opt=module="$module" \
  flic/v1/flic.proto
echo "generated into $out/flicv1"
