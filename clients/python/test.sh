#!/usr/bin/env bash
# Runs the Python client's tests as CI does, with Debian's packages only and no network: a venv
# that sees Debian's grpcio, protobuf, setuptools and pytest (--system-site-packages), the package
# installed into it from a copy of its files (so the build needs nothing outside them), and pytest
# against the real server, which the tests start from the repository's build (`npm run build`).
# Arguments go to pytest. FLIC_PYTHON names the interpreter (default /usr/bin/python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${FLIC_PYTHON:-/usr/bin/python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

missing=()
"$python" -c 'import venv' 2>/dev/null || missing+=("$python's venv (Debian: python3-venv)")
"$python" -c 'import setuptools' 2>/dev/null || missing+=("setuptools (Debian: python3-setuptools)")
"$python" -c 'import grpc' 2>/dev/null || missing+=("grpcio (Debian: python3-grpcio)")
"$python" -c 'import google.protobuf' 2>/dev/null || missing+=("protobuf (Debian: python3-protobuf)")
"$python" -c 'import pytest' 2>/dev/null || missing+=("pytest (Debian: python3-pytest)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'clients/python/test.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

mkdir "$tmp/pkg"
cp -r "$here/pyproject.toml" "$here/README.md" "$here/NOTICE" "$here/src" "$tmp/pkg/"
"$python" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --no-build-isolation --no-index "$tmp/pkg"
# The tests import the installed package: the checkout's src/ is not on the path.
cd "$here"
"$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
