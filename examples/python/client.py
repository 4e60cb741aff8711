#!/usr/bin/env python3
"""A flic client in Python: create a VM and its FLIC, enqueue interrupts through the typed RPC,
read them back with GetAllIrqs, and decode device errors from `grpc-status-details-bin` with the
google.rpc protos, as any gRPC client can.

    ./generate.sh                      # once: protoc into ./gen
    python3 client.py --addr 127.0.0.1:50051

It checks every answer and exits non-zero on the first mismatch, so CI uses it as an interop test.
Debian packages: python3-grpcio, python3-protobuf, protobuf-compiler, protobuf-compiler-grpc.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "gen"))

import grpc  # noqa: E402
from flic.v1 import flic_pb2, flic_pb2_grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402

KVM_DEV_TYPE_FLIC = 6
KVM_S390_INT_SERVICE = 0xFFFF2401
KVM_S390_FLIC_MAX_BUFFER = 0x2000000
MAX_MESSAGE = 33 * 1024 * 1024
DOMAIN = "flic.s390.kvm"


def io_type(cssid: int, ssid: int, schid: int, ai: bool = False) -> int:
    """The kernel's KVM_S390_INT_IO(ai, cssid, ssid, schid) type code."""
    return (int(ai) << 26) | (cssid << 18) | (ssid << 16) | schid


def isc_word(isc: int) -> int:
    """The I/O interruption word of an ISC."""
    return isc << 27


class Mismatch(Exception):
    pass


def expect(what: str, got, want) -> None:
    if got != want:
        raise Mismatch(f"{what}: got {got!r}, want {want!r}")
    print(f"ok  {what}: {got!r}")


def error_info(err: grpc.RpcError) -> tuple[status_pb2.Status, error_details_pb2.ErrorInfo]:
    """The google.rpc.Status of a failed call and its ErrorInfo (the errno)."""
    raw = dict(err.trailing_metadata() or ()).get("grpc-status-details-bin")
    if raw is None:
        raise Mismatch(f"{err.code()} without grpc-status-details-bin")
    status = status_pb2.Status.FromString(raw)
    # The details must repeat the status exactly (grpcio-status insists on it too).
    expect("details code = status code", status.code, err.code().value[0])
    expect("details message = status message", status.message, err.details())
    infos = [d for d in status.details if d.Is(error_details_pb2.ErrorInfo.DESCRIPTOR)]
    expect("ErrorInfo count", len(infos), 1)
    info = error_details_pb2.ErrorInfo()
    infos[0].Unpack(info)
    expect("ErrorInfo domain", info.domain, DOMAIN)
    return status, info


def call_fails(fn, *args, **kwargs) -> grpc.RpcError:
    try:
        fn(*args, **kwargs)
    except grpc.RpcError as err:
        return err
    raise Mismatch(f"{fn} succeeded, expected an error")


def run(addr: str, vm_id: str) -> None:
    options = [("grpc.max_receive_message_length", MAX_MESSAGE), ("grpc.max_send_message_length", MAX_MESSAGE)]
    with grpc.insecure_channel(addr, options=options) as channel:
        flic = flic_pb2_grpc.FlicStub(channel)
        md = [("flic-vm-id", vm_id)]  # lets a proxy route by VM

        flic.CreateVm(flic_pb2.CreateVmRequest(vm_id=vm_id, config=flic_pb2.VmConfig(ais=True)), metadata=md)
        created = flic.CreateDevice(flic_pb2.CreateDeviceRequest(vm_id=vm_id, type=KVM_DEV_TYPE_FLIC), metadata=md)
        expect("CreateDevice created", created.created, True)

        io = flic_pb2.Interrupt(
            type=io_type(0xFE, 0, 5),
            io=flic_pb2.IoPayload(subchannel_id=0xFE01, subchannel_nr=5, io_int_parm=0x11223344, io_int_word=isc_word(3)),
        )
        service = flic_pb2.Interrupt(type=KVM_S390_INT_SERVICE, ext=flic_pb2.ExtPayload(ext_params=0x1001))
        flic.Enqueue(flic_pb2.EnqueueRequest(vm_id=vm_id, irqs=[service, io]), metadata=md)

        got = flic.GetAllIrqs(flic_pb2.GetAllIrqsRequest(vm_id=vm_id, buffer_len=KVM_S390_FLIC_MAX_BUFFER), metadata=md)
        expect("GetAllIrqs count", got.count, 2)
        # I/O queues come first, the service signal last (kernel order, whatever the inject order).
        expect("first record type", hex(got.irqs[0].type), hex(io.type))
        expect("first record payload", got.irqs[0].WhichOneof("payload"), "io")
        fields = ("subchannel_id", "subchannel_nr", "io_int_parm", "io_int_word")
        expect("first record io", [getattr(got.irqs[0].io, f) for f in fields], [getattr(io.io, f) for f in fields])
        expect("second record ext_params", hex(got.irqs[1].ext.ext_params), hex(0x1001))

        # A buffer for one record is too small: ENOMEM, and requiredBytes says what suffices.
        err = call_fails(flic.GetAllIrqs, flic_pb2.GetAllIrqsRequest(vm_id=vm_id, buffer_len=72), metadata=md)
        expect("GetAllIrqs(72) code", err.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        _, info = error_info(err)
        expect("ENOMEM reason", info.reason, "ENOMEM")
        expect("ENOMEM requiredBytes", info.metadata["requiredBytes"], str(2 * 72))

        # CLEAR_IO_IRQ with a zero schid: the kernel's EINVAL.
        err = call_fails(flic.ClearIoIrq, flic_pb2.ClearIoIrqRequest(vm_id=vm_id), metadata=md)
        expect("ClearIoIrq(0) code", err.code(), grpc.StatusCode.INVALID_ARGUMENT)
        status, info = error_info(err)
        expect("EINVAL reason", info.reason, "EINVAL")
        expect("EINVAL errno", info.metadata["errno"], "22")
        expect("EINVAL group", info.metadata["group"], "KVM_DEV_FLIC_CLEAR_IO_IRQ")
        print(f"    message: {status.message}")

        # An unknown VM is ENOENT / NOT_FOUND.
        err = call_fails(flic.ClearIrqs, flic_pb2.ClearIrqsRequest(vm_id=vm_id + "-missing"))
        expect("unknown VM code", err.code(), grpc.StatusCode.NOT_FOUND)
        expect("unknown VM reason", error_info(err)[1].reason, "ENOENT")

        flic.DeleteVm(flic_pb2.DeleteVmRequest(vm_id=vm_id), metadata=md)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:50051", help="flic server host:port")
    parser.add_argument("--vm-id", default="python-example")
    args = parser.parse_args()
    try:
        run(args.addr, args.vm_id)
    except Mismatch as m:
        print(f"MISMATCH {m}", file=sys.stderr)
        return 1
    except grpc.RpcError as err:
        print(f"unexpected RPC error: {err.code()} {err.details()}", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
