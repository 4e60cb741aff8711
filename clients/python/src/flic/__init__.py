"""flic: the Python client of the s390 KVM FLIC service.

    import flic
    with flic.FlicClient("127.0.0.1:50051") as client:
        client.create_vm("vm-1")
        vm = client.vm("vm-1")
        vm.create_device()
        vm.enqueue([flic.IoIrq(flic.io_type(0, 0, 5), io_int_word=flic.isc_to_int_word(3))])
        print(vm.read_all_irqs())

The ABI (flic.abi), the records (flic.records), the errors (flic.errors) and the shard function
(flic.shard) need only the standard library; the client (flic.client, flic.status) needs grpcio
and protobuf, and the delivery and state-format types (flic.delivery, flic.snapshots) protobuf;
they are loaded on first use.
"""

from __future__ import annotations

from typing import Any

from flic.abi import *  # noqa: F401,F403 (the constants are the package's vocabulary)
from flic.abi import (
    cr6_isc_bit,
    group_name,
    io_type,
    is_io_type,
    isc_from_int_word,
    isc_pending_bit,
    isc_to_int_word,
    schid_word,
)
from flic.errors import ERRNO, KvmError, errno_name
from flic.records import (
    EmergIrq,
    ExtcallIrq,
    ExtIrq,
    IoIrq,
    Irq,
    MchkIrq,
    PgmIrq,
    PrefixIrq,
    RawIrq,
    StopIrq,
    pack_irqs,
    unpack_irq,
    unpack_irqs,
)
from flic.shard import pick_replica, rank_replicas, score, statefulset_replicas

_CLIENT_NAMES = {
    "FlicClient": "flic.client",
    "Vm": "flic.client",
    "AttrResult": "flic.client",
    "MAX_MESSAGE_BYTES": "flic.client",
    "VM_ID_KEY": "flic.client",
    "channel_options": "flic.client",
    "tls_credentials": "flic.client",
    "kvm_error": "flic.status",
    "CpuState": "flic.delivery",
    "Delivery": "flic.delivery",
    "InterruptClass": "flic.delivery",
    "LowcoreStore": "flic.delivery",
    "StateFormat": "flic.snapshots",
}


def __getattr__(name: str) -> Any:
    # The gRPC half loads on first use, so that the standard-library half works without grpcio.
    module = _CLIENT_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'flic' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "ERRNO",
    "EmergIrq",
    "ExtIrq",
    "ExtcallIrq",
    "IoIrq",
    "Irq",
    "KvmError",
    "MchkIrq",
    "PgmIrq",
    "PrefixIrq",
    "RawIrq",
    "StopIrq",
    "cr6_isc_bit",
    "errno_name",
    "group_name",
    "io_type",
    "is_io_type",
    "isc_from_int_word",
    "isc_pending_bit",
    "isc_to_int_word",
    "pack_irqs",
    "pick_replica",
    "rank_replicas",
    "schid_word",
    "score",
    "statefulset_replicas",
    "unpack_irq",
    "unpack_irqs",
    *_CLIENT_NAMES,
]
