"""Delivery to a vCPU (docs/delivery.md) in Python terms: the vCPU state a Deliver sends
(CpuState), what it answers (Delivery, with its InterruptClass and LowcoreStores), and the I/O
interrupt TPI and TSCH dequeue (an IoIrq of flic.records, or None).

The interrupt classes are the generated enum's values, so this module needs protobuf (not grpcio).
The numbers a simulator compares against (pending bits, lowcore offsets, gate bits) are in
flic.abi.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional

from flic.records import IoIrq, Irq, unpack_irq
from flic.v1 import flic_pb2


class InterruptClass(enum.IntEnum):
    """What a Deliver took (flic.v1.InterruptClass)."""

    #: Nothing deliverable (or the wait ran out).
    NONE = flic_pb2.INTERRUPT_CLASS_NONE
    IO = flic_pb2.INTERRUPT_CLASS_IO
    EXTERNAL = flic_pb2.INTERRUPT_CLASS_EXTERNAL
    MACHINE_CHECK = flic_pb2.INTERRUPT_CLASS_MACHINE_CHECK
    #: A local interrupt of higher priority wins: the simulator delivers it.
    LOCAL = flic_pb2.INTERRUPT_CLASS_LOCAL


@dataclass(frozen=True)
class CpuState:
    """What flic needs of one vCPU to deliver to it (flic keeps no vCPU state).

    ``psw_mask`` is the first doubleword of the PSW (``abi.PSW_HI_IO << 32`` enables I/O);
    ``cr6`` enables ISC n with ``abi.cr6_isc_bit(n)``; ``local_pending`` holds the vCPU's own
    pending interrupts as pending-word bits (only those of ``abi.LOCAL_PENDING_MASK``);
    ``local_mchk_cr14`` is the cr14 of a pending local machine check; ``iictl`` is a protected
    vCPU's pending injection (``abi.IICTL_CODE_*``). A value past its field's width raises
    ValueError when the request is built; the server checks the rest (EINVAL).
    """

    psw_mask: int = 0
    cr0: int = 0
    cr6: int = 0
    cr14: int = 0
    cpu_id: int = 0
    local_pending: int = 0
    local_mchk_cr14: int = 0
    iictl: int = 0

    def to_message(self) -> Any:
        """The flic.v1.CpuState message."""
        return flic_pb2.CpuState(**dataclasses.asdict(self))


class LowcoreStore(NamedTuple):
    """Bytes the kernel stores into lowcore at ``offset`` (big-endian, guest byte order)."""

    offset: int
    data: bytes


@dataclass(frozen=True)
class Delivery:
    """What a vCPU took (or would take, for a dry run).

    ``pending_bit`` is the bit taken (``abi.IRQ_PEND_EXT_SERVICE``, ``abi.isc_pending_bit(n)``,
    the local bit for LOCAL; 0 for NONE). ``record`` is the interrupt taken as delivered (for
    LOCAL, the floating machine check consumed with a local one), None when nothing floating was
    taken. ``stores`` are the lowcore stores in the kernel's order, PSW slots excluded (none on a
    protected vCPU for I/O, service and machine checks); ``old_psw_offset`` and
    ``new_psw_offset`` are where the simulator saves the current PSW and loads the new one (0
    when no PSW swap happens).
    """

    interrupt_class: InterruptClass
    pending_bit: int
    record: Optional[Irq]
    stores: tuple[LowcoreStore, ...]
    old_psw_offset: int
    new_psw_offset: int

    @classmethod
    def from_message(cls, message: Any) -> "Delivery":
        """From a flic.v1.DeliverResponse. A class the contract does not define (a newer server)
        raises ValueError rather than being guessed."""
        try:
            interrupt_class = InterruptClass(message.interrupt_class)
        except ValueError:
            raise ValueError(f"unknown interrupt class {message.interrupt_class} in a DeliverResponse") from None
        return cls(
            interrupt_class=interrupt_class,
            pending_bit=message.pending_bit,
            record=unpack_irq(message.record) if message.record else None,
            stores=tuple(LowcoreStore(s.offset, s.data) for s in message.stores),
            old_psw_offset=message.old_psw_offset,
            new_psw_offset=message.new_psw_offset,
        )


def io_irq_from_dequeue(message: Any) -> Optional[IoIrq]:
    """The I/O interrupt of a flic.v1.IoDequeueResponse (TPI, TSCH), with its type as injected so
    that reinject_io can put it back exactly; None when nothing was found."""
    if not message.found:
        return None
    return IoIrq(message.type, message.subchannel_id, message.subchannel_nr, message.io_int_parm, message.io_int_word)
