"""The record packers and unpackers: the kernel's bytes, field widths, type/member agreement, and
the server reading what they pack (raw ENQUEUE read back typed, typed ENQUEUE read back raw)."""

from __future__ import annotations

import dataclasses

import pytest

import flic
from flic import abi, records
from flic.records import EmergIrq, ExtcallIrq, ExtIrq, IoIrq, MchkIrq, PgmIrq, PrefixIrq, RawIrq, StopIrq

IO = IoIrq(flic.io_type(0xFE, 0, 5), 0xFE01, 0x0005, 0x11223344, flic.isc_to_int_word(3))

ONE_OF_EACH = [
    IO,
    ExtIrq(abi.KVM_S390_INT_SERVICE, 0x1001),
    ExtIrq(abi.KVM_S390_INT_VIRTIO, 0x11, 0x22, 0x3344556677889900),
    ExtIrq(abi.KVM_S390_INT_PFAULT_DONE, 0, 0, 0xFEDCBA9876543210),
    MchkIrq(cr14=0x10000000, mcic=0x8000000000000000, failing_storage_address=7, ext_damage_code=8, pad=9,
            fixed_logout=bytes(range(16))),
    PgmIrq(trans_exc_code=1, mon_code=2, per_address=3, data_exc_code=4, code=5, mon_class_nr=6, per_code=7,
           per_atmid=8, exc_access_id=9, per_access_id=10, op_access_id=11, flags=12, pad=13),
    EmergIrq(code=0x1234),
    ExtcallIrq(code=0x4321),
    PrefixIrq(address=0x7000),
    StopIrq(flags=3),
    RawIrq(abi.KVM_S390_RESTART, b"\x01\x02"),
]


def test_the_worked_example_of_the_io_layout() -> None:
    expected = bytes.fromhex("0000000003F80005" "FE01000511223344" "18000000") + bytes(52)
    assert IO.pack() == expected
    assert len(expected) == abi.KVM_S390_IRQ_SIZE


def test_the_service_example() -> None:
    packed = ExtIrq(abi.KVM_S390_INT_SERVICE, 0x1001).pack()
    assert packed == bytes.fromhex("00000000FFFF2401" "00001001") + bytes(60)


def test_member_offsets() -> None:
    mchk = ONE_OF_EACH[4].pack()
    assert mchk[8:16] == (0x10000000).to_bytes(8, "big")
    assert mchk[16:24] == (0x8000000000000000).to_bytes(8, "big")
    assert mchk[32:36] == (8).to_bytes(4, "big") and mchk[40:56] == bytes(range(16))
    pgm = ONE_OF_EACH[5].pack()
    assert pgm[36:38] == (5).to_bytes(2, "big") and pgm[40:46] == bytes([7, 8, 9, 10, 11, 12])
    assert pgm[46:48] == (13).to_bytes(2, "big")
    assert ExtcallIrq(code=0x4321).pack()[8:10] == b"\x43\x21"
    assert PrefixIrq(address=0x7000).pack()[8:12] == b"\x00\x00\x70\x00"


@pytest.mark.parametrize("irq", ONE_OF_EACH, ids=lambda irq: type(irq).__name__)
def test_every_member_round_trips(irq: records.Irq) -> None:
    packed = irq.pack()
    assert len(packed) == 72
    assert records.unpack_irq(packed) == irq


def test_many_records_round_trip() -> None:
    data = flic.pack_irqs(ONE_OF_EACH)
    assert len(data) == 72 * len(ONE_OF_EACH)
    assert flic.unpack_irqs(data) == ONE_OF_EACH
    with pytest.raises(ValueError, match="whole number"):
        flic.unpack_irqs(data[:-1])
    with pytest.raises(ValueError, match="72 bytes"):
        flic.unpack_irq(data[:71])


def test_the_type_decides_the_member() -> None:
    assert records.member_for(0) is IoIrq
    assert records.member_for(abi.KVM_S390_INT_IO_MAX) is IoIrq
    assert records.member_for(abi.KVM_S390_INT_PFAULT_INIT) is ExtIrq
    assert records.member_for(abi.KVM_S390_INT_CPU_TIMER) is RawIrq
    assert records.member_for(1 << 32) is RawIrq
    # A raw record of an I/O type reads back through the io member, as the kernel reads it.
    raw = RawIrq(5, bytes.fromhex("FE01000511223344" "18000000"))
    assert records.unpack_irq(raw.pack()) == IoIrq(5, 0xFE01, 5, 0x11223344, 0x18000000)


@pytest.mark.parametrize(
    "build",
    [
        lambda: IoIrq(abi.KVM_S390_INT_SERVICE),
        lambda: IoIrq(1 << 32),
        lambda: ExtIrq(5),
        lambda: ExtIrq(abi.KVM_S390_MCHK),
        lambda: MchkIrq(type=abi.KVM_S390_INT_SERVICE),
        lambda: PgmIrq(type=abi.KVM_S390_INT_EMERGENCY),
        lambda: EmergIrq(type=abi.KVM_S390_INT_EXTERNAL_CALL),
        lambda: StopIrq(type=abi.KVM_S390_SIGP_SET_PREFIX),
        lambda: RawIrq(1 << 64),
        lambda: RawIrq(-1),
    ],
)
def test_a_type_that_does_not_use_the_member_is_refused(build) -> None:
    with pytest.raises(ValueError):
        build()


def _maximum(code: str) -> int:
    return {"B": 0xFF, "H": 0xFFFF, "I": 0xFFFFFFFF, "Q": (1 << 64) - 1}[code]


@pytest.mark.parametrize("irq", ONE_OF_EACH, ids=lambda irq: type(irq).__name__)
def test_every_field_is_checked_at_and_past_its_width(irq: records.Irq) -> None:
    fields = [f.name for f in dataclasses.fields(irq) if f.name != "type"]
    codes = type(irq)._codes()
    assert len(codes) == len(fields), "the layout has a format code per field"
    for field, code in zip(fields, codes):
        if code.endswith("s"):
            size = int(code[:-1])
            assert getattr(dataclasses.replace(irq, **{field: b"\xff" * size}), field) == b"\xff" * size
            with pytest.raises(ValueError, match=field):
                dataclasses.replace(irq, **{field: b"\xff" * (size + 1)})
            continue
        top = dataclasses.replace(irq, **{field: _maximum(code)})
        assert records.unpack_irq(top.pack()) == top
        for bad in (_maximum(code) + 1, -1, True, 1.0):
            with pytest.raises(ValueError, match=field):
                dataclasses.replace(irq, **{field: bad})


def test_the_other_structures() -> None:
    assert records.pack_adapter(3, 5, maskable=True, swap=False, flags=abi.KVM_S390_ADAPTER_SUPPRESSIBLE) == bytes.fromhex(
        "0000000305010001"
    )
    assert records.pack_adapter_req(3, abi.KVM_S390_IO_ADAPTER_MAP, addr=0x1000) == bytes.fromhex(
        "0000000302000000" "0000000000001000"
    )
    assert records.pack_ais_req(3, abi.KVM_S390_AIS_MODE_SINGLE) == bytes.fromhex("03000001")
    assert records.pack_ais_all(0x80, 0x01) == b"\x80\x01"
    assert records.unpack_ais_all(b"\x80\x01") == (0x80, 0x01)
    assert records.pack_schid(0xFE01, 5) == bytes.fromhex("FE010005")
    with pytest.raises(ValueError):
        records.pack_adapter(0, 256)
    with pytest.raises(ValueError):
        records.pack_ais_req(3, 0x10000)


FLOATING = ONE_OF_EACH[:5]


def test_raw_enqueue_of_packed_records_reads_back_typed(vm) -> None:
    vm.set_attr(abi.KVM_DEV_FLIC_ENQUEUE, data=flic.pack_irqs(FLOATING))
    got = vm.read_all_irqs()
    # Kernel order: I/O, PFAULT_DONE, VIRTIO, then the merged service and machine-check records
    # (a floating machine check keeps only cr14's bit 28 and mcic).
    assert got == [FLOATING[0], FLOATING[3], FLOATING[2], FLOATING[1], MchkIrq(cr14=0x10000000, mcic=0x8000000000000000)]


def test_typed_enqueue_reads_back_raw(vm) -> None:
    vm.enqueue(FLOATING[:4])
    result = vm.get_attr(abi.KVM_DEV_FLIC_GET_ALL_IRQS, attr=abi.KVM_S390_FLIC_MAX_BUFFER)
    assert result.ret == 4
    assert result.data == flic.pack_irqs([FLOATING[0], FLOATING[3], FLOATING[2], FLOATING[1]])


@pytest.mark.parametrize("irq", ONE_OF_EACH[5:10], ids=lambda irq: type(irq).__name__)
def test_per_vcpu_records_are_refused_with_einval(vm, irq: records.Irq) -> None:
    with pytest.raises(flic.KvmError) as caught:
        vm.set_attr(abi.KVM_DEV_FLIC_ENQUEUE, data=irq.pack())
    assert (caught.value.name, caught.value.errno, caught.value.group) == ("EINVAL", 22, "KVM_DEV_FLIC_ENQUEUE")
    with pytest.raises(flic.KvmError, match="EINVAL"):
        vm.enqueue([irq])
    assert vm.read_all_irqs() == []
