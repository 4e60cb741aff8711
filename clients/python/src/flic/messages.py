"""Records (flic.records) to and from the typed RPCs' Interrupt messages.

The typed RPCs carry the io, ext and mchk members as fields and every other member as raw union
bytes; both directions go through the 64-byte union, so a message is read exactly as the kernel
reads the same bytes.
"""

from __future__ import annotations

from typing import Iterable, Union

from flic import abi
from flic.records import ExtIrq, IoIrq, Irq, MchkIrq, irq_from_union
from flic.v1 import flic_pb2

#: What Vm.enqueue accepts: records, or Interrupt messages as they are (for example a payload
#: that does not fit its kernel field, to see the server's EINVAL).
IrqLike = Union[Irq, flic_pb2.Interrupt]


def to_message(irq: IrqLike) -> flic_pb2.Interrupt:
    """The Interrupt message of a record (a message is returned unchanged)."""
    if isinstance(irq, flic_pb2.Interrupt):
        return irq
    if isinstance(irq, IoIrq):
        return flic_pb2.Interrupt(
            type=irq.type,
            io=flic_pb2.IoPayload(
                subchannel_id=irq.subchannel_id,
                subchannel_nr=irq.subchannel_nr,
                io_int_parm=irq.io_int_parm,
                io_int_word=irq.io_int_word,
            ),
        )
    if isinstance(irq, ExtIrq):
        return flic_pb2.Interrupt(
            type=irq.type, ext=flic_pb2.ExtPayload(ext_params=irq.ext_params, pad=irq.pad, ext_params2=irq.ext_params2)
        )
    if isinstance(irq, MchkIrq):
        return flic_pb2.Interrupt(
            type=irq.type,
            mchk=flic_pb2.MchkPayload(
                cr14=irq.cr14,
                mcic=irq.mcic,
                failing_storage_address=irq.failing_storage_address,
                ext_damage_code=irq.ext_damage_code,
                pad=irq.pad,
                fixed_logout=irq.fixed_logout,
            ),
        )
    return flic_pb2.Interrupt(type=irq.type, raw=irq.union_bytes())


def to_messages(irqs: Iterable[IrqLike]) -> list[flic_pb2.Interrupt]:
    return [to_message(irq) for irq in irqs]


def _union_of(message: flic_pb2.Interrupt) -> bytes:
    """The 64 union bytes a message describes (only fields that fit, as the server sends them).
    The member's bytes do not depend on the type, so any type of that member builds them."""
    member = message.WhichOneof("payload")
    if member == "io":
        p = message.io
        return IoIrq(0, p.subchannel_id, p.subchannel_nr, p.io_int_parm, p.io_int_word).union_bytes()
    if member == "ext":
        p = message.ext
        return ExtIrq(abi.KVM_S390_INT_SERVICE, p.ext_params, p.pad, p.ext_params2).union_bytes()
    if member == "mchk":
        p = message.mchk
        return MchkIrq(
            cr14=p.cr14,
            mcic=p.mcic,
            failing_storage_address=p.failing_storage_address,
            ext_damage_code=p.ext_damage_code,
            pad=p.pad,
            fixed_logout=p.fixed_logout,
        ).union_bytes()
    if member == "raw":
        return message.raw
    return b""


def from_message(message: flic_pb2.Interrupt) -> Irq:
    """The record an Interrupt message describes, through the member its type selects."""
    return irq_from_union(message.type, _union_of(message))


def from_messages(messages: Iterable[flic_pb2.Interrupt]) -> list[Irq]:
    return [from_message(m) for m in messages]
