"""The committed stubs are what generate.sh produces from today's protos, and the shipped
google.rpc protos are the server's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from google.protobuf import descriptor_pb2

from conftest import REPO, need

PACKAGE = REPO / "clients" / "python"
GENERATED = ["flic/v1/flic_pb2.py", "flic/v1/flic_pb2_grpc.py", "flic/_google_rpc/status_pb2.py",
             "flic/_google_rpc/error_details_pb2.py"]
# The toolchain the committed files come from (Debian 12); another protoc writes other bytes.
PROTOC_VERSION = "libprotoc 3.21.12"


def protoc() -> str:
    path = shutil.which("protoc")
    need(path, "protoc (Debian: protobuf-compiler)")
    return path  # type: ignore[return-value]


def test_regenerating_the_stubs_gives_no_diff(tmp_path: Path) -> None:
    version = subprocess.run([protoc(), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    need(shutil.which("grpc_python_plugin"), "grpc_python_plugin (Debian: protobuf-compiler-grpc)")
    need(Path("/usr/include/google/protobuf/any.proto").exists(), "google/protobuf/any.proto (Debian: libprotobuf-dev)")
    need(version == PROTOC_VERSION, f"{PROTOC_VERSION} (found {version}; the committed stubs are its output)")
    subprocess.run([str(PACKAGE / "generate.sh"), str(tmp_path)], check=True, capture_output=True)
    fresh = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py"))
    assert fresh == sorted(GENERATED)
    for name in GENERATED:
        assert (PACKAGE / "src" / name).read_bytes() == (tmp_path / name).read_bytes(), f"{name} is stale: run generate.sh"


def test_the_stubs_describe_todays_proto(tmp_path: Path) -> None:
    # Independent of protoc's version: the descriptor inside flic_pb2 equals the proto's.
    from flic.v1 import flic_pb2

    out = tmp_path / "flic.pb"
    subprocess.run([protoc(), "-I", str(REPO / "proto"), f"--descriptor_set_out={out}", "flic/v1/flic.proto"], check=True)
    files = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file
    assert [f.name for f in files] == ["flic/v1/flic.proto"]
    # protoc records each field's JSON name in a descriptor set; gencode leaves it out.
    for message in files[0].message_type:
        for field in message.field:
            field.ClearField("json_name")
    assert descriptor_pb2.FileDescriptorProto.FromString(flic_pb2.DESCRIPTOR.serialized_pb) == files[0]


def test_the_google_rpc_protos_are_the_servers() -> None:
    server_copy = REPO / "node_modules" / "google-proto-files" / "google" / "rpc"
    need(server_copy.is_dir(), f"{server_copy} (run `npm ci` in {REPO})")
    for name in ("status.proto", "error_details.proto"):
        assert (REPO / "clients" / "proto" / "google" / "rpc" / name).read_bytes() == (server_copy / name).read_bytes(), name
