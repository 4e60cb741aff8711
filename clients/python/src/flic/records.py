"""struct kvm_s390_irq (72 bytes, big-endian) and the small structures of the other groups, for
the raw SetDeviceAttr/GetDeviceAttr RPCs and for the typed ones (flic.messages converts).

One class per member of the kernel's union. Each knows its layout, checks every field against its
width and the type code against the member, and packs all 72 bytes, so a record can only be built
the way the kernel reads it (an io record is always ``>Q`` + ``>HHII``, never ``>QIIII``).
``RawIrq`` is the one escape hatch: any type with any union bytes, for testing the kernel's
reading of a mismatched record. Standard library only.

Layout (offsets from the record's start; the union is 64 bytes at offset 8, zero past its member):

    type            @0  u64
    io              @8  subchannel_id u16, @10 subchannel_nr u16, @12 io_int_parm u32, @16 io_int_word u32
    ext             @8  ext_params u32, @12 pad u32, @16 ext_params2 u64
    mchk            @8  cr14 u64, @16 mcic u64, @24 failing_storage_address u64,
                    @32 ext_damage_code u32, @36 pad u32, @40 fixed_logout[16]
    pgm             @8  trans_exc_code u64, @16 mon_code u64, @24 per_address u64, @32 data_exc_code u32,
                    @36 code u16, @38 mon_class_nr u16, @40..45 per_code, per_atmid, exc_access_id,
                    per_access_id, op_access_id, flags (u8 each), @46 pad u16
    emerg, extcall  @8  code u16
    prefix          @8  address u32
    stop            @8  flags u32
"""

from __future__ import annotations

import dataclasses
import re
import struct
from dataclasses import dataclass
from typing import ClassVar, Iterable, Union

from flic import abi

_TYPE = struct.Struct(">Q")
_UNION_SIZE = 64
_U64_MAX = (1 << 64) - 1
_MAX = {"B": 0xFF, "H": 0xFFFF, "I": 0xFFFFFFFF, "Q": _U64_MAX}


class _Member:
    """A typed union member: subclasses declare their fields, layout and accepted type codes."""

    #: The member's layout, one format code per field after `type`, in order ("16s" for bytes).
    _LAYOUT: ClassVar[struct.Struct]

    type: int

    def __post_init__(self) -> None:
        _check_int(self, "type", self.type, _U64_MAX)
        if not self._accepts(self.type):
            raise ValueError(f"{type(self).__name__}: type {self.type:#x} does not use this member ({self._what()})")
        for field, code in zip(self._payload_fields(), self._codes()):
            value = getattr(self, field)
            if code.endswith("s"):
                size = int(code[:-1])
                if not isinstance(value, (bytes, bytearray)) or len(value) > size:
                    raise ValueError(f"{type(self).__name__}.{field} must be at most {size} bytes")
                # Zero-padded to its full size, as the kernel sees it, so equal records compare equal.
                object.__setattr__(self, field, bytes(value).ljust(size, b"\0"))
            else:
                _check_int(self, field, value, _MAX[code])

    @classmethod
    def _codes(cls) -> list[str]:
        """The format code of each field ("16s" stays one code)."""
        return re.findall(r"\d*[a-zA-Z]", cls._LAYOUT.format.lstrip("<>!=@"))

    @classmethod
    def _payload_fields(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.name != "type"]

    @classmethod
    def _accepts(cls, type_code: int) -> bool:
        raise NotImplementedError

    @classmethod
    def _what(cls) -> str:
        raise NotImplementedError

    def union_bytes(self) -> bytes:
        """The 64-byte union, this member first and zeros after it."""
        member = self._LAYOUT.pack(*(getattr(self, f) for f in self._payload_fields()))
        return member.ljust(_UNION_SIZE, b"\0")

    def pack(self) -> bytes:
        """The 72-byte kernel record."""
        return _TYPE.pack(self.type) + self.union_bytes()

    @classmethod
    def _from_union(cls, type_code: int, union: bytes) -> "_Member":
        return cls(type_code, *cls._LAYOUT.unpack_from(union))


def _check_int(owner: object, field: str, value: object, maximum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError(f"{type(owner).__name__}.{field} must be an integer in 0..{maximum:#x}, got {value!r}")


def _fixed(type_code: int) -> tuple[classmethod, classmethod]:
    """_accepts and _what of a member that belongs to exactly one type code."""
    name = next(n for n in abi.__all__ if n.startswith("KVM_S390_") and getattr(abi, n) == type_code)
    return classmethod(lambda cls, t: t == type_code), classmethod(lambda cls: f"type {name}")


@dataclass(frozen=True)
class IoIrq(_Member):
    """The io member (kvm_s390_io_info, 12 bytes): every type code up to KVM_S390_INT_IO_MAX.
    The ISC that picks the queue is in io_int_word (see flic.abi.isc_to_int_word)."""

    type: int
    subchannel_id: int = 0
    subchannel_nr: int = 0
    io_int_parm: int = 0
    io_int_word: int = 0
    _LAYOUT = struct.Struct(">HHII")

    @classmethod
    def _accepts(cls, type_code: int) -> bool:
        return abi.is_io_type(type_code)

    @classmethod
    def _what(cls) -> str:
        return f"I/O types are 0..{abi.KVM_S390_INT_IO_MAX:#x}"


@dataclass(frozen=True)
class ExtIrq(_Member):
    """The ext member (kvm_s390_ext_info, 16 bytes): SERVICE, VIRTIO, PFAULT_INIT, PFAULT_DONE."""

    type: int
    ext_params: int = 0
    pad: int = 0
    ext_params2: int = 0
    _LAYOUT = struct.Struct(">IIQ")

    @classmethod
    def _accepts(cls, type_code: int) -> bool:
        return type_code in abi.EXT_TYPES

    @classmethod
    def _what(cls) -> str:
        return "SERVICE, VIRTIO, PFAULT_INIT or PFAULT_DONE"


@dataclass(frozen=True)
class MchkIrq(_Member):
    """The mchk member (kvm_s390_mchk_info, 48 bytes) of a KVM_S390_MCHK record."""

    type: int = abi.KVM_S390_MCHK
    cr14: int = 0
    mcic: int = 0
    failing_storage_address: int = 0
    ext_damage_code: int = 0
    pad: int = 0
    #: Up to 16 bytes; shorter is zero-padded.
    fixed_logout: bytes = b""
    _LAYOUT = struct.Struct(">QQQII16s")
    _accepts, _what = _fixed(abi.KVM_S390_MCHK)


@dataclass(frozen=True)
class PgmIrq(_Member):
    """The pgm member (kvm_s390_pgm_info, 40 bytes) of KVM_S390_PROGRAM_INT (per-vCPU: ENQUEUE
    refuses it with EINVAL)."""

    type: int = abi.KVM_S390_PROGRAM_INT
    trans_exc_code: int = 0
    mon_code: int = 0
    per_address: int = 0
    data_exc_code: int = 0
    code: int = 0
    mon_class_nr: int = 0
    per_code: int = 0
    per_atmid: int = 0
    exc_access_id: int = 0
    per_access_id: int = 0
    op_access_id: int = 0
    flags: int = 0
    pad: int = 0
    _LAYOUT = struct.Struct(">QQQIHHBBBBBBH")
    _accepts, _what = _fixed(abi.KVM_S390_PROGRAM_INT)


@dataclass(frozen=True)
class EmergIrq(_Member):
    """The emerg member (kvm_s390_emerg_info) of KVM_S390_INT_EMERGENCY (per-vCPU)."""

    type: int = abi.KVM_S390_INT_EMERGENCY
    code: int = 0
    _LAYOUT = struct.Struct(">H")
    _accepts, _what = _fixed(abi.KVM_S390_INT_EMERGENCY)


@dataclass(frozen=True)
class ExtcallIrq(_Member):
    """The extcall member (kvm_s390_extcall_info) of KVM_S390_INT_EXTERNAL_CALL (per-vCPU)."""

    type: int = abi.KVM_S390_INT_EXTERNAL_CALL
    code: int = 0
    _LAYOUT = struct.Struct(">H")
    _accepts, _what = _fixed(abi.KVM_S390_INT_EXTERNAL_CALL)


@dataclass(frozen=True)
class PrefixIrq(_Member):
    """The prefix member (kvm_s390_prefix_info) of KVM_S390_SIGP_SET_PREFIX (per-vCPU)."""

    type: int = abi.KVM_S390_SIGP_SET_PREFIX
    address: int = 0
    _LAYOUT = struct.Struct(">I")
    _accepts, _what = _fixed(abi.KVM_S390_SIGP_SET_PREFIX)


@dataclass(frozen=True)
class StopIrq(_Member):
    """The stop member (kvm_s390_stop_info) of KVM_S390_SIGP_STOP (per-vCPU)."""

    type: int = abi.KVM_S390_SIGP_STOP
    flags: int = 0
    _LAYOUT = struct.Struct(">I")
    _accepts, _what = _fixed(abi.KVM_S390_SIGP_STOP)


@dataclass(frozen=True)
class RawIrq(_Member):
    """Any type code with up to 64 raw union bytes (zero-padded): the types without a member
    (RESTART, CLOCK_COMP, CPU_TIMER, undefined codes) and deliberately mismatched records."""

    type: int
    payload: bytes = b""
    _LAYOUT = struct.Struct(">64s")

    @classmethod
    def _accepts(cls, type_code: int) -> bool:
        return True

    @classmethod
    def _what(cls) -> str:
        return "any type"


Irq = Union[IoIrq, ExtIrq, MchkIrq, PgmIrq, EmergIrq, ExtcallIrq, PrefixIrq, StopIrq, RawIrq]

_MEMBER_BY_TYPE: dict[int, type[_Member]] = {
    **{t: ExtIrq for t in abi.EXT_TYPES},
    abi.KVM_S390_MCHK: MchkIrq,
    abi.KVM_S390_PROGRAM_INT: PgmIrq,
    abi.KVM_S390_INT_EMERGENCY: EmergIrq,
    abi.KVM_S390_INT_EXTERNAL_CALL: ExtcallIrq,
    abi.KVM_S390_SIGP_SET_PREFIX: PrefixIrq,
    abi.KVM_S390_SIGP_STOP: StopIrq,
}


def member_for(type_code: int) -> type[_Member]:
    """The class of the union member the kernel reads for a type code."""
    if abi.is_io_type(type_code):
        return IoIrq
    return _MEMBER_BY_TYPE.get(type_code, RawIrq)


def irq_from_union(type_code: int, union: bytes) -> Irq:
    """The record with this type and these union bytes (zero-padded to 64), read as the kernel
    reads it: through the member its type selects."""
    if len(union) > _UNION_SIZE:
        raise ValueError(f"the union is {_UNION_SIZE} bytes, got {len(union)}")
    return member_for(type_code)._from_union(type_code, union.ljust(_UNION_SIZE, b"\0"))  # type: ignore[return-value]


def pack_irqs(irqs: Iterable[Irq]) -> bytes:
    """ENQUEUE's data: the records back to back, 72 bytes each."""
    return b"".join(irq.pack() for irq in irqs)


def unpack_irq(record: bytes) -> Irq:
    """One 72-byte record. Bytes past the member its type selects are not kept."""
    if len(record) != abi.KVM_S390_IRQ_SIZE:
        raise ValueError(f"a kvm_s390_irq is {abi.KVM_S390_IRQ_SIZE} bytes, got {len(record)}")
    (type_code,) = _TYPE.unpack_from(record)
    return irq_from_union(type_code, record[_TYPE.size :])


def unpack_irqs(data: bytes) -> list[Irq]:
    """GET_ALL_IRQS's data (a whole number of records)."""
    if len(data) % abi.KVM_S390_IRQ_SIZE:
        raise ValueError(f"{len(data)} bytes is not a whole number of {abi.KVM_S390_IRQ_SIZE}-byte records")
    size = abi.KVM_S390_IRQ_SIZE
    return [unpack_irq(data[i : i + size]) for i in range(0, len(data), size)]


# ---- The other groups' structures ------------------------------------------------------------

_ADAPTER = struct.Struct(">IBBBB")  # kvm_s390_io_adapter: id, isc, maskable, swap, flags
_ADAPTER_REQ = struct.Struct(">IBBHQ")  # kvm_s390_io_adapter_req: id, type, mask, pad0, addr
_AIS_REQ = struct.Struct(">BBH")  # kvm_s390_ais_req: isc, pad, mode
_AIS_ALL = struct.Struct(">BB")  # kvm_s390_ais_all: simm, nimm
_SCHID = struct.Struct(">I")


def _packed(layout: struct.Struct, what: str, *values: int) -> bytes:
    try:
        return layout.pack(*values)
    except struct.error as err:
        raise ValueError(f"{what}: {err}") from None


def pack_adapter(id: int, isc: int, maskable: bool = False, swap: bool = False, flags: int = 0) -> bytes:
    """ADAPTER_REGISTER's 8 bytes (struct kvm_s390_io_adapter)."""
    return _packed(_ADAPTER, "kvm_s390_io_adapter", id, isc, int(maskable), int(swap), flags)


def pack_adapter_req(id: int, type: int, mask: bool = False, addr: int = 0) -> bytes:
    """ADAPTER_MODIFY's 16 bytes (struct kvm_s390_io_adapter_req)."""
    return _packed(_ADAPTER_REQ, "kvm_s390_io_adapter_req", id, type, int(mask), 0, addr)


def pack_ais_req(isc: int, mode: int) -> bytes:
    """AISM's 4 bytes (struct kvm_s390_ais_req): SINGLE for ISC 3 is 03 00 00 01."""
    return _packed(_AIS_REQ, "kvm_s390_ais_req", isc, 0, mode)


def pack_ais_all(simm: int, nimm: int) -> bytes:
    """AISM_ALL's 2 bytes (struct kvm_s390_ais_all): MSB0 bit i of each mask is ISC i."""
    return _packed(_AIS_ALL, "kvm_s390_ais_all", simm, nimm)


def unpack_ais_all(data: bytes) -> tuple[int, int]:
    """(simm, nimm) from AISM_ALL GET's 2 bytes."""
    return _AIS_ALL.unpack(data)


def pack_schid(subchannel_id: int, subchannel_nr: int) -> bytes:
    """CLEAR_IO_IRQ's 4-byte schid word."""
    return _SCHID.pack(abi.schid_word(subchannel_id, subchannel_nr))
