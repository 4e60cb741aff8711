"""VM state against the real server: export_vm and import_vm in both formats (a clone answers as
its original did), corrupt blobs, and the conditional delete_vm (docs/state.md)."""

from __future__ import annotations

import hashlib
from typing import Any

import grpc
import pytest

import flic
from flic import abi
from flic.records import ExtIrq, IoIrq, MchkIrq
from flic.snapshots import StateFormat, state_format

CONFIG: dict[str, Any] = {"ais": True, "gisa": True}


def io(n: int, isc: int) -> IoIrq:
    return IoIrq(flic.io_type(0, 0, n), 0x0001, n, 0x5000 + n, flic.isc_to_int_word(isc))


@pytest.fixture
def source(client, request):
    """A VM with state in every part GET_ALL_IRQS and AISM_ALL show: I/O queues, a GISA bit, the
    service signal, a machine check, AIS masks and an adapter."""
    vm_id = f"py-snap-{request.node.name}"
    client.create_vm(vm_id, **CONFIG)
    vm = client.vm(vm_id)
    vm.create_device()
    vm.enqueue([io(1, 0), io(2, 3), io(3, 3), ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x1001)])
    vm.enqueue([MchkIrq(cr14=0x10000000, mcic=0x80)])
    vm.adapter_register(4, 6, maskable=True)
    vm.airq_inject(4)  # with a GISA: IPM bit of ISC 6
    vm.aism(2, abi.KVM_S390_AIS_MODE_SINGLE)
    yield vm
    for vm_id in (vm.id, f"{vm.id}-clone"):
        if vm_id in client.list_vms():
            client.delete_vm(vm_id)


def observe(vm: Any) -> tuple:
    """What the test compares: Inspect (queues, masks, adapters, counters) first, since
    GET_ALL_IRQS takes the GISA bits it reports; then AISM_ALL and GET_ALL_IRQS."""
    return vm.inspect(), vm.get_aism_all(), vm.get_all_irqs(abi.KVM_S390_FLIC_MAX_BUFFER)


def test_state_format_names() -> None:
    assert state_format("flic") == state_format(StateFormat.FLIC) == 1
    assert state_format("QEMU") == 2
    assert state_format(7) == 7
    with pytest.raises(ValueError):
        state_format("vmstate")


def test_a_flic_export_imported_under_another_id_is_a_clone(client, source) -> None:
    blob = client.export_vm(source.id)
    assert blob[:8] == b"FLICSTAT"
    assert client.export_vm(source.id, "flic") == blob  # export changes nothing
    clone = client.vm(f"{source.id}-clone")
    client.import_vm(clone.id, blob)
    assert client.export_vm(clone.id, StateFormat.FLIC) == blob
    original = observe(source)
    assert len(original[2]) == 6 and original[1] == (0x20, 0x00)
    assert observe(clone) == original
    # The clone is a VM of its own: changing it leaves the original alone.
    kept = source.read_all_irqs()
    assert len(kept) == 5  # GET_ALL_IRQS took the GISA bit
    clone.clear_irqs()
    assert clone.read_all_irqs() == [] and source.read_all_irqs() == kept
    with pytest.raises(flic.KvmError) as caught:
        client.import_vm(clone.id, blob)
    assert caught.value.name == "EEXIST"


def test_a_qemu_export_loads_into_another_vm(client, source) -> None:
    blob = client.export_vm(source.id, "qemu")
    # The irqs field: a big-endian count, then the 72-byte records GET_ALL_IRQS returns (the GISA
    # bit included), then the s390-flic/ais subsection.
    assert int.from_bytes(blob[:8], "big") == 6
    assert blob[8 + 6 * abi.KVM_S390_IRQ_SIZE :] == b"\x05\x0ds390-flic/ais\x00\x00\x00\x01\x20\x00"
    client.create_vm(f"{source.id}-clone", **CONFIG)
    clone = client.vm(f"{source.id}-clone")
    with pytest.raises(flic.KvmError, match="ENODEV"):
        client.import_vm(clone.id, blob, StateFormat.QEMU)  # QEMU's format loads into a FLIC
    clone.create_device()
    client.import_vm(clone.id, blob, "qemu")
    assert client.export_vm(clone.id, "qemu") == blob
    assert clone.get_aism_all() == source.get_aism_all()
    assert clone.read_all_irqs() == source.read_all_irqs()


def test_a_flipped_byte_is_einval_and_creates_nothing(client, source) -> None:
    blob = client.export_vm(source.id)
    for at in (10, 17, len(blob) // 2, len(blob) - 1):
        corrupt = bytearray(blob)
        corrupt[at] ^= 0x01
        with pytest.raises(flic.KvmError) as caught:
            client.import_vm(f"{source.id}-clone", bytes(corrupt))
        err = caught.value
        assert (err.name, err.group, err.code) == ("EINVAL", "IMPORT_VM", grpc.StatusCode.INVALID_ARGUMENT), at
        assert err.detail
        assert f"{source.id}-clone" not in client.list_vms()
    with pytest.raises(flic.KvmError, match="EINVAL"):
        client.import_vm(f"{source.id}-clone", blob[:-1])
    assert f"{source.id}-clone" not in client.list_vms()
    with pytest.raises(flic.KvmError, match="EINVAL"):
        client.export_vm(source.id, 7)  # a format the contract does not define


def test_a_conditional_delete_deletes_only_the_state_it_names(client, source) -> None:
    digest = hashlib.sha256(client.export_vm(source.id)).digest()
    source.enqueue([io(9, 1)])  # a change after the export
    with pytest.raises(flic.KvmError) as caught:
        client.delete_vm(source.id, expected_state_sha256=digest)
    err = caught.value
    assert (err.name, err.errno, err.code) == ("ESTALE", 116, grpc.StatusCode.ABORTED)
    assert source.id in client.list_vms() and io(9, 1) in source.read_all_irqs()
    with pytest.raises(flic.KvmError, match="ESTALE"):
        client.delete_vm(source.id, expected_state_sha256=bytes(32))
    assert source.id in client.list_vms()
    current = hashlib.sha256(client.export_vm(source.id)).digest()
    client.delete_vm(source.id, expected_state_sha256=current)
    assert source.id not in client.list_vms()
