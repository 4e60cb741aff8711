#!/usr/bin/env python3
"""A flic harness in Python, written with the flic package (clients/python): create a VM and its
FLIC, enqueue interrupts through the typed RPC and as packed kernel records, read them back, and
catch device errors as KvmError (errno, name, group and metadata come from the ErrorInfo in the
`grpc-status-details-bin` trailer).

    pip install ./clients/python                 # or: PYTHONPATH=clients/python/src
    python3 client.py --addr 127.0.0.1:50051

It checks every answer and exits non-zero on the first mismatch, so the flic test suite runs it
against the real server (test/server/python-interop.test.ts).
"""

from __future__ import annotations

import argparse
import sys

import grpc

import flic
from flic import ExtIrq, IoIrq, KvmError


class Mismatch(Exception):
    pass


def expect(what: str, got, want) -> None:
    if got != want:
        raise Mismatch(f"{what}: got {got!r}, want {want!r}")
    print(f"ok  {what}: {got!r}")


def device_error(call, *args) -> KvmError:
    try:
        call(*args)
    except KvmError as err:
        return err
    raise Mismatch(f"{call.__name__}{args} succeeded, expected a device error")


def run(addr: str, vm_id: str) -> None:
    # FlicClient sets flic's message limits (33 MiB each way) and sends `flic-vm-id` on every
    # VM-addressed call, so a proxy can route by VM.
    with flic.FlicClient(addr, timeout=30) as client:
        client.create_vm(vm_id, ais=True)
        vm = client.vm(vm_id)
        expect("CreateDevice created", vm.create_device(), True)

        io = IoIrq(
            flic.io_type(0xFE, 0, 5),
            subchannel_id=0xFE01,
            subchannel_nr=5,
            io_int_parm=0x11223344,
            io_int_word=flic.isc_to_int_word(3),
        )
        service = ExtIrq(flic.KVM_S390_INT_SERVICE, ext_params=0x1001)
        vm.enqueue([service, io])
        # I/O queues come first, the service signal last (kernel order, whatever the inject order).
        expect("read back", vm.read_all_irqs(), [io, service])

        # The same records as the kernel's 72-byte structs, through the raw attribute RPCs.
        expect("packed io record", io.pack()[:20].hex(), "0000000003f80005fe01000511223344" "18000000")
        vm.clear_irqs()
        vm.set_attr(flic.KVM_DEV_FLIC_ENQUEUE, flic.pack_irqs([io, io]))
        raw = vm.get_attr(flic.KVM_DEV_FLIC_GET_ALL_IRQS, flic.KVM_S390_FLIC_MAX_BUFFER)
        expect("raw GET_ALL_IRQS count", raw.ret, 2)
        expect("raw GET_ALL_IRQS records", flic.unpack_irqs(raw.data), [io, io])

        # A buffer for one record is too small: ENOMEM, and requiredBytes says what suffices.
        err = device_error(vm.get_all_irqs, 72)
        expect("ENOMEM", (err.name, err.errno, err.group), ("ENOMEM", 12, "KVM_DEV_FLIC_GET_ALL_IRQS"))
        expect("ENOMEM requiredBytes", err.metadata["requiredBytes"], str(2 * 72))
        expect("ENOMEM status code", err.code, grpc.StatusCode.RESOURCE_EXHAUSTED)

        # CLEAR_IO_IRQ with a zero schid: the kernel's EINVAL.
        err = device_error(vm.clear_io_irq, 0, 0)
        expect("EINVAL", (err.name, err.errno, err.group), ("EINVAL", 22, "KVM_DEV_FLIC_CLEAR_IO_IRQ"))
        print(f"    message: {err}")

        # An unknown VM is ENOENT / NOT_FOUND.
        err = device_error(client.vm(vm_id + "-missing").clear_irqs)
        expect("unknown VM", (err.name, err.code), ("ENOENT", grpc.StatusCode.NOT_FOUND))

        client.delete_vm(vm_id)


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
    except (KvmError, grpc.RpcError) as err:
        print(f"unexpected error: {err}", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
