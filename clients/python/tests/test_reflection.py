"""Server reflection as a strict client sees it: every file the real server's reflection serves
(fetched as grpcurl does: the files of each listed service, then imports by file name) is built
into a fresh descriptor pool, in import order; the C++ pool rejects unknown imports, unresolvable
types and misnamed map entries. The types found that way resolve every service and message and
decode a real error's details.

The reflection messages are described here (the subset of grpc/reflection/v1/reflection.proto a
client sends and reads), because Debian packages no grpcio-reflection.
"""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format
from google.protobuf.internal import api_implementation

import flic
from flic.v1 import flic_pb2

REFLECTION_SUBSET = """
name: "flic_tests/reflection_v1_subset.proto"
package: "grpc.reflection.v1"
syntax: "proto3"
message_type {
  name: "ServerReflectionRequest"
  field { name: "host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_by_filename" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "file_containing_symbol" number: 4 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "list_services" number: 7 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  oneof_decl { name: "message_request" }
}
message_type {
  name: "ServerReflectionResponse"
  field { name: "valid_host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_descriptor_response" number: 4 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1.FileDescriptorResponse" oneof_index: 0 }
  field { name: "list_services_response" number: 6 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1.ListServiceResponse" oneof_index: 0 }
  field { name: "error_response" number: 7 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1.ErrorResponse" oneof_index: 0 }
  oneof_decl { name: "message_response" }
}
message_type {
  name: "FileDescriptorResponse"
  field { name: "file_descriptor_proto" number: 1 label: LABEL_REPEATED type: TYPE_BYTES }
}
message_type {
  name: "ListServiceResponse"
  field { name: "service" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1.ServiceResponse" }
}
message_type {
  name: "ServiceResponse"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
}
message_type {
  name: "ErrorResponse"
  field { name: "error_code" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "error_message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
}
"""

EXPECTED_SERVICES = {
    "flic.v1.Flic",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
}


def message_class(pool: descriptor_pool.DescriptorPool, name: str) -> Any:
    descriptor = pool.FindMessageTypeByName(name)
    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf >= 4.22
    return get_class(descriptor) if get_class else message_factory.MessageFactory(pool).GetPrototype(descriptor)


class Reflection:
    """A client of grpc.reflection.v1.ServerReflection: one request, one answer per call."""

    def __init__(self, channel: grpc.Channel) -> None:
        pool = descriptor_pool.DescriptorPool()
        pool.Add(text_format.Parse(REFLECTION_SUBSET, descriptor_pb2.FileDescriptorProto()))
        self.request = message_class(pool, "grpc.reflection.v1.ServerReflectionRequest")
        response = message_class(pool, "grpc.reflection.v1.ServerReflectionResponse")
        self.call = channel.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response.FromString,
        )

    def ask(self, **request: str) -> Any:
        (answer,) = list(self.call(iter([self.request(**request)]), timeout=30))
        assert not answer.HasField("error_response"), (request, answer.error_response)
        return answer

    def services(self) -> set[str]:
        return {s.name for s in self.ask(list_services="*").list_services_response.service}

    def files(self, **request: str) -> list[descriptor_pb2.FileDescriptorProto]:
        raw = self.ask(**request).file_descriptor_response.file_descriptor_proto
        return [descriptor_pb2.FileDescriptorProto.FromString(b) for b in raw]


def served_files(reflection: Reflection) -> dict[str, descriptor_pb2.FileDescriptorProto]:
    """Every file reachable from the listed services and the error-detail messages."""
    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
    for symbol in sorted(reflection.services()) + ["google.rpc.Status", "google.rpc.ErrorInfo"]:
        files.update((f.name, f) for f in reflection.files(file_containing_symbol=symbol))
    while missing := {d for f in files.values() for d in f.dependency if d not in files}:
        for name in missing:
            files.update((f.name, f) for f in reflection.files(file_by_filename=name))
    return files


def strict_pool(files: dict[str, descriptor_pb2.FileDescriptorProto]) -> descriptor_pool.DescriptorPool:
    """A fresh pool holding the files, each added after its imports (the C++ pool builds and
    checks each file as it is added)."""
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()

    def add(name: str) -> None:
        if name in added:
            return
        for dependency in files[name].dependency:
            add(dependency)
        pool.AddSerializedFile(files[name].SerializeToString())
        added.add(name)

    for name in sorted(files):
        add(name)
    return pool


def without_json_names(proto: descriptor_pb2.FileDescriptorProto) -> descriptor_pb2.FileDescriptorProto:
    copy = descriptor_pb2.FileDescriptorProto()
    copy.CopyFrom(proto)
    for message in copy.message_type:
        for field in message.field:
            field.ClearField("json_name")
    return copy


@pytest.fixture
def reflection(server):
    with grpc.insecure_channel(server.target) as channel:
        yield Reflection(channel)


def test_the_pool_is_the_strict_one():
    # The pure-Python pool checks less when a file is added; the C++ one (Debian's) is the test.
    assert api_implementation.Type() in ("cpp", "upb"), api_implementation.Type()


def test_every_service_and_message_resolves_in_a_strict_pool(reflection):
    assert reflection.services() == EXPECTED_SERVICES
    files = served_files(reflection)
    pool = strict_pool(files)
    for name in EXPECTED_SERVICES:
        service = pool.FindServiceByName(name)
        for method in service.methods:
            assert method.input_type.full_name and method.output_type.full_name
    for proto in files.values():
        built = pool.FindFileByName(proto.name)
        assert built.package == proto.package
        for message in built.message_types_by_name.values():
            (first, *_) = reflection.files(file_containing_symbol=message.full_name)
            assert first.name == proto.name, message.full_name
    # The flic file is the one the package's stubs were generated from (whose embedded copy
    # leaves out the json_name that protoc fills in).
    assert without_json_names(files["flic/v1/flic.proto"]) == descriptor_pb2.FileDescriptorProto.FromString(
        flic_pb2.DESCRIPTOR.serialized_pb
    )


def test_map_entries_are_named_as_protoc_names_them(reflection):
    pool = strict_pool(served_files(reflection))
    statuses = pool.FindMessageTypeByName("grpc.health.v1.HealthListResponse").fields_by_name["statuses"]
    assert statuses.message_type.full_name == "grpc.health.v1.HealthListResponse.StatusesEntry"
    assert statuses.message_type.GetOptions().map_entry


def test_reflection_types_decode_a_real_error(reflection, client):
    pool = strict_pool(served_files(reflection))
    with pytest.raises(flic.KvmError) as caught:
        client.delete_vm("no-such-vm")
    status_class = message_class(pool, "google.rpc.Status")
    info_class = message_class(pool, "google.rpc.ErrorInfo")
    trailer = dict(caught.value.__cause__.trailing_metadata())["grpc-status-details-bin"]
    (detail,) = status_class.FromString(trailer).details
    assert detail.type_url == "type.googleapis.com/google.rpc.ErrorInfo"
    info = info_class.FromString(detail.value)
    assert (info.reason, info.domain, info.metadata["errno"]) == ("ENOENT", "flic.s390.kvm", "2")
