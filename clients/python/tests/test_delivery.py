"""Delivery against the real server: Deliver (I/O, SERVICE_EV then SERVICE, dry runs, waiting, the
errnos), TPI, TSCH and ReinjectIo, and the protected VM's SCLP intercept (docs/delivery.md)."""

from __future__ import annotations

import dataclasses
import threading
import time

import grpc
import pytest

import flic
from flic import abi
from flic.delivery import CpuState, Delivery, InterruptClass, LowcoreStore
from flic.records import ExtIrq, IoIrq, MchkIrq

#: Every gate of docs/delivery.md §2 open: I/O, external and machine-check masks, every ISC, the
#: service-signal subclass and the floating machine check's CR14 bit.
OPEN = CpuState(
    psw_mask=(abi.PSW_HI_IO | abi.PSW_HI_EXT | abi.PSW_HI_MCHECK) << 32,
    cr0=abi.CR0_SERVICE_SIGNAL_SUBMASK,
    cr6=abi.CR6_ALL_ISCS,
    cr14=0x10000000,
)
IO_ONLY = CpuState(psw_mask=abi.PSW_HI_IO << 32, cr6=abi.CR6_ALL_ISCS)
SERVICE_ONLY = CpuState(psw_mask=abi.PSW_HI_EXT << 32, cr0=abi.CR0_SERVICE_SIGNAL_SUBMASK)


def io(subchannel_nr: int, isc: int, parm: int = 0) -> IoIrq:
    return IoIrq(
        flic.io_type(0, 0, subchannel_nr), 0x0001, subchannel_nr, parm or 0x1000 + subchannel_nr, flic.isc_to_int_word(isc)
    )


def be(value: int, size: int) -> bytes:
    return value.to_bytes(size, "big")


def service_stores(parameter: int) -> tuple[LowcoreStore, ...]:
    return (
        LowcoreStore(abi.LC_EXT_INT_CODE, be(abi.EXT_IRQ_SERVICE_SIG, 2)),
        LowcoreStore(abi.LC_EXT_CPU_ADDR, be(0, 2)),
        LowcoreStore(abi.LC_EXT_PARAMS, be(parameter, 4)),
    )


def test_an_io_interrupt_is_taken_with_its_stores(vm) -> None:
    taken = io(5, 3, parm=0x11223344)
    vm.enqueue([io(6, 5), taken])
    # CR6 enables ISC 3 alone: the ISC 5 interrupt stays.
    delivery = vm.deliver(CpuState(psw_mask=abi.PSW_HI_IO << 32, cr6=abi.cr6_isc_bit(3)))
    assert delivery == Delivery(
        interrupt_class=InterruptClass.IO,
        pending_bit=abi.isc_pending_bit(3),
        record=taken,
        stores=(
            LowcoreStore(abi.LC_SUBCHANNEL_ID, be(0x0001, 2)),
            LowcoreStore(abi.LC_SUBCHANNEL_NR, be(5, 2)),
            LowcoreStore(abi.LC_IO_INT_PARM, be(0x11223344, 4)),
            LowcoreStore(abi.LC_IO_INT_WORD, be(flic.isc_to_int_word(3), 4)),
        ),
        old_psw_offset=abi.LC_IO_OLD_PSW,
        new_psw_offset=abi.LC_IO_NEW_PSW,
    )
    assert delivery.pending_bit == 7
    assert vm.read_all_irqs() == [io(6, 5)]


def test_a_service_signal_with_an_sccb_and_event_bits_arrives_twice(vm) -> None:
    vm.enqueue([ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x1001)])
    first = vm.deliver(SERVICE_ONLY)
    assert (first.interrupt_class, first.pending_bit) == (InterruptClass.EXTERNAL, abi.IRQ_PEND_EXT_SERVICE_EV)
    assert first.record == ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x1)
    assert first.stores == service_stores(0x1)
    assert (first.old_psw_offset, first.new_psw_offset) == (abi.LC_EXT_OLD_PSW, abi.LC_EXT_NEW_PSW)
    second = vm.deliver(SERVICE_ONLY)
    assert (second.interrupt_class, second.pending_bit) == (InterruptClass.EXTERNAL, abi.IRQ_PEND_EXT_SERVICE)
    assert second.record == ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x1000)
    assert second.stores == service_stores(0x1000)
    nothing = vm.deliver(SERVICE_ONLY)
    assert nothing == Delivery(InterruptClass.NONE, 0, None, (), 0, 0)


def test_priority_and_gates(vm) -> None:
    vm.enqueue([io(1, 0), ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x2000), MchkIrq(cr14=0x10000000, mcic=0x40)])
    # With every gate open the machine check goes first, then SERVICE, then I/O.
    order = [vm.deliver(OPEN) for _ in range(4)]
    assert [d.interrupt_class for d in order] == [
        InterruptClass.MACHINE_CHECK,
        InterruptClass.EXTERNAL,
        InterruptClass.IO,
        InterruptClass.NONE,
    ]
    assert order[0].record == MchkIrq(cr14=0x10000000, mcic=0x40)
    assert LowcoreStore(abi.LC_MCCK_CODE, be(0x40, 8)) in order[0].stores
    # A closed gate leaves the interrupt where it is.
    vm.enqueue([io(2, 4)])
    assert vm.deliver(SERVICE_ONLY).interrupt_class == InterruptClass.NONE
    assert vm.deliver(CpuState(psw_mask=abi.PSW_HI_IO << 32, cr6=abi.cr6_isc_bit(3))).interrupt_class == InterruptClass.NONE
    assert vm.read_all_irqs() == [io(2, 4)]


def test_a_local_interrupt_of_higher_priority_wins(vm) -> None:
    vm.enqueue([io(1, 0)])
    cpu = CpuState(psw_mask=abi.PSW_HI_IO << 32, cr6=abi.CR6_ALL_ISCS, local_pending=1 << abi.IRQ_PEND_PROG)
    delivery = vm.deliver(cpu)
    assert delivery == Delivery(InterruptClass.LOCAL, abi.IRQ_PEND_PROG, None, (), 0, 0)
    assert vm.read_all_irqs() == [io(1, 0)]


def test_a_dry_run_changes_nothing(vm) -> None:
    vm.enqueue([io(1, 2), ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x1001)])
    before = (vm.read_all_irqs(), vm.inspect())
    dry = vm.deliver(OPEN, dry_run=True)
    assert dry.interrupt_class == InterruptClass.EXTERNAL and dry.pending_bit == abi.IRQ_PEND_EXT_SERVICE_EV
    assert vm.deliver(OPEN, dry_run=True) == dry
    assert (vm.read_all_irqs(), vm.inspect()) == before
    # The real delivery answers exactly what the dry run said.
    assert vm.deliver(OPEN) == dry
    assert vm.read_all_irqs() != before[0]


def test_a_waiting_vcpu_takes_what_arrives(client, vm) -> None:
    assert vm.deliver(IO_ONLY, wait_ms=50).interrupt_class == InterruptClass.NONE
    cpu1 = dataclasses.replace(IO_ONLY, cpu_id=1)
    answers: list[Delivery] = []
    waiter = threading.Thread(target=lambda: answers.append(vm.deliver(cpu1, wait_ms=30_000)))
    waiter.start()
    # Beginning a wait moves the wake-up scan position to that vCPU (docs/delivery.md §5).
    deadline = time.monotonic() + 10
    while vm.inspect().wait_scan_start != 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(flic.KvmError) as caught:
        vm.deliver(cpu1, wait_ms=10)  # the same vCPU cannot wait twice
    assert (caught.value.name, caught.value.group) == ("EBUSY", "DELIVER")
    vm.enqueue([io(9, 1)])
    waiter.join(10)
    assert not waiter.is_alive()
    assert [(a.interrupt_class, a.record) for a in answers] == [(InterruptClass.IO, io(9, 1))]
    assert vm.read_all_irqs() == []


def test_delivery_errnos(client, vm) -> None:
    cases = [
        CpuState(cpu_id=255),  # past max_vcpus
        CpuState(local_pending=1 << abi.IRQ_PEND_IO_ISC_0),  # not a local bit
        CpuState(iictl=abi.IICTL_CODE_IO),  # not a protected VM
    ]
    for cpu in cases:
        with pytest.raises(flic.KvmError) as caught:
            vm.deliver(cpu)
        assert (caught.value.name, caught.value.group, caught.value.code) == (
            "EINVAL",
            "DELIVER",
            grpc.StatusCode.INVALID_ARGUMENT,
        ), cpu
    with pytest.raises(ValueError):
        vm.deliver(CpuState(cpu_id=1 << 32))  # does not fit the wire's uint32
    client.create_vm("py-delivery-nofic")
    try:
        with pytest.raises(flic.KvmError, match="ENODEV"):
            client.vm("py-delivery-nofic").deliver(OPEN)
    finally:
        client.delete_vm("py-delivery-nofic")
    with pytest.raises(flic.KvmError, match="ENOENT"):
        client.vm("py-delivery-nowhere").tpi(abi.CR6_ALL_ISCS)


def test_tpi_takes_the_enabled_iscs_only(vm) -> None:
    vm.enqueue([io(1, 5), io(2, 2), io(3, 5)])
    assert vm.tpi(0) is None
    assert vm.tpi(abi.cr6_isc_bit(6)) is None
    assert vm.tpi(abi.cr6_isc_bit(5)) == io(1, 5)
    # Over every ISC the lower ISC goes first.
    assert vm.tpi(abi.CR6_ALL_ISCS) == io(2, 2)
    assert vm.read_all_irqs() == [io(3, 5)]


def test_tsch_hits_its_subchannel_and_misses_others(vm) -> None:
    vm.enqueue([io(1, 3), io(2, 0), io(2, 6, parm=0x77)])
    assert vm.tsch(0) is None
    assert vm.tsch(flic.schid_word(0x0001, 9)) is None
    assert vm.tsch(flic.schid_word(0x0001, 2)) == io(2, 0)
    assert vm.tsch(flic.schid_word(0x0001, 2)) == io(2, 6, parm=0x77)
    assert vm.tsch(flic.schid_word(0x0001, 2)) is None
    assert vm.read_all_irqs() == [io(1, 3)]


def test_reinject_puts_a_dequeued_interrupt_back_at_the_tail(vm) -> None:
    vm.enqueue([io(1, 4), io(2, 4)])
    taken = vm.tpi(abi.CR6_ALL_ISCS)
    assert taken == io(1, 4)
    vm.reinject_io(taken)
    assert vm.read_all_irqs() == [io(2, 4), io(1, 4)]
    assert vm.tpi(abi.CR6_ALL_ISCS) == io(2, 4)
    assert vm.tpi(abi.CR6_ALL_ISCS) == io(1, 4)
    assert vm.tpi(abi.CR6_ALL_ISCS) is None


def test_reinject_into_full_queues_is_ebusy(vm) -> None:
    record = io(5, 3)
    vm.set_attr(abi.KVM_DEV_FLIC_ENQUEUE, record.pack() * abi.KVM_S390_MAX_FLOAT_IRQS)
    taken = vm.tsch(flic.schid_word(0x0001, 5))
    assert taken == record
    vm.reinject_io(taken)  # into the slot it left: at the limit
    with pytest.raises(flic.KvmError) as caught:
        vm.reinject_io(taken)  # one past it
    assert (caught.value.name, caught.value.group) == ("EBUSY", "REINJECT_IO")
    assert vm.inspect().limits.io.count == abi.KVM_S390_MAX_FLOAT_IRQS


@pytest.mark.vm_config(protected=True)
def test_a_protected_vm_releases_service_on_the_sclp_intercept(vm) -> None:
    vm.enqueue([ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x8000)])
    masked = 1 << abi.IRQ_PEND_EXT_SERVICE
    assert vm.inspect().masked_irqs == masked
    assert vm.deliver(SERVICE_ONLY).interrupt_class == InterruptClass.NONE
    vm.pv_sclp_intercept()
    assert vm.inspect().masked_irqs == 0
    delivery = vm.deliver(SERVICE_ONLY)
    # A protected vCPU: no lowcore stores, no PSW swap; the values travel in the record.
    assert delivery == Delivery(
        InterruptClass.EXTERNAL,
        abi.IRQ_PEND_EXT_SERVICE,
        ExtIrq(abi.KVM_S390_INT_SERVICE, ext_params=0x8000 | abi.PV_SCLP_NOTIFICATION_PARAMS),
        (),
        0,
        0,
    )
    assert vm.inspect().masked_irqs == masked  # taking SERVICE masks it again


def test_the_sclp_intercept_on_a_vm_that_is_not_protected_is_einval(vm) -> None:
    with pytest.raises(flic.KvmError) as caught:
        vm.pv_sclp_intercept()
    err = caught.value
    assert (err.name, err.errno, err.group, err.code) == ("EINVAL", 22, "PV_SCLP_INTERCEPT", grpc.StatusCode.INVALID_ARGUMENT)
