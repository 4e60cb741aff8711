#!/usr/bin/env bash
# Regenerates the committed Python stubs of the flic package:
#   src/flic/v1/flic_pb2.py, flic_pb2_grpc.py        from proto/flic/v1/flic.proto
#   src/flic/_google_rpc/{status,error_details}_pb2.py from clients/proto/google/rpc/ (the fallback
#                                                     when googleapis-common-protos is not installed)
# Usage: generate.sh [SRC_DIR]   (default: this package's src/; tests/test_generated.py passes a
# temporary directory and compares). The committed files come from Debian 12's protobuf-compiler
# (libprotoc 3.21.12) and protobuf-compiler-grpc (grpc_python_plugin 1.51.1); other versions write
# other bytes. Needs libprotobuf-dev too, for google/protobuf/{any,duration}.proto.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/src}"

missing=()
command -v protoc >/dev/null || missing+=("protoc (Debian: protobuf-compiler)")
plugin="$(command -v grpc_python_plugin || true)"
[ -n "$plugin" ] || missing+=("grpc_python_plugin (Debian: protobuf-compiler-grpc)")
[ -f /usr/include/google/protobuf/any.proto ] || missing+=("google/protobuf/any.proto (Debian: libprotobuf-dev)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'generate.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

mkdir -p "$out/flic/v1" "$out/flic/_google_rpc"
protoc -I "$root/proto" \
  --python_out="$out" \
  --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" \
  flic/v1/flic.proto

# google.rpc's generated modules import only google.protobuf, so they work from any package; they
# keep their proto file names, so they and googleapis-common-protos must not both be loaded
# (flic/rpc_status.py loads one or the other).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
protoc -I "$root/clients/proto" --python_out="$tmp" google/rpc/status.proto google/rpc/error_details.proto
mv "$tmp/google/rpc/status_pb2.py" "$tmp/google/rpc/error_details_pb2.py" "$out/flic/_google_rpc/"
echo "generated into $out/flic"
