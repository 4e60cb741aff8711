#!/usr/bin/env bash
# Builds and tests the Go client as CI does: Debian 12's Go packages in GOPATH mode, offline.
# A temporary GOPATH holds a link to this module at its import path (flic/clients/go); Debian's
# Go libraries come from /usr/share/gocode. Then gofmt, go vet and go test (against the real
# server, which the tests start from the repository's build: run `npm run build` first).
# Arguments go to `go test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gocode=/usr/share/gocode/src

missing=()
command -v go >/dev/null || missing+=("go (Debian: golang-go)")
[ -d "$gocode/google.golang.org/grpc" ] || missing+=("grpc-go (Debian: golang-google-grpc-dev)")
[ -d "$gocode/google.golang.org/genproto/googleapis/rpc/errdetails" ] || missing+=("genproto (Debian: golang-google-genproto-dev)")
[ -d "$gocode/google.golang.org/protobuf" ] || missing+=("protobuf-go (Debian: golang-google-protobuf-dev)")
# github.com/golang/protobuf 1.3 (golang-github-golang-protobuf-1-3-dev, which apt picks for
# golang-google-grpc-dev by default) makes the client panic on its first reply; 1.4+ has registry.go.
[ -f "$gocode/github.com/golang/protobuf/proto/registry.go" ] ||
  missing+=("github.com/golang/protobuf 1.5 (Debian: golang-github-golang-protobuf-1-5-dev)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'clients/go/test.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

gopath="$(mktemp -d)"
trap 'rm -rf "$gopath"' EXIT
mkdir -p "$gopath/src/flic/clients"
ln -s "$here" "$gopath/src/flic/clients/go"
export GOPATH="$gopath:/usr/share/gocode" GO111MODULE=off GOPROXY=off
cd "$gopath/src/flic/clients/go"

unformatted="$(gofmt -l flic flicv1)"
if [ -n "$unformatted" ]; then
  echo "clients/go/test.sh: not gofmt'ed: $unformatted" >&2
  exit 1
fi
go vet ./...
go test -count=1 "$@" ./...
