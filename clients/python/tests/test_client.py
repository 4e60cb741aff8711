"""The client against the real server: lifecycle, the VM header, the message limits, the growth
read, every typed group, and device errors decoded from the trailer into KvmError."""

from __future__ import annotations

from typing import Any, Callable

import grpc
import pytest

import flic
from flic import abi, client as client_module
from flic.records import ExtIrq, IoIrq, MchkIrq
from flic.v1 import flic_pb2, flic_pb2_grpc


class Recorder(grpc.UnaryUnaryClientInterceptor):
    """Records the method and metadata of every call made through its channel."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []

    def intercept_unary_unary(self, continuation: Callable, details: Any, request: Any) -> Any:
        self.calls.append((details.method, dict(details.metadata or ())))
        return continuation(details, request)

    def methods(self, name: str) -> list[dict[str, str]]:
        return [md for method, md in self.calls if method == f"/flic.v1.Flic/{name}"]


@pytest.fixture
def recorded(server):
    recorder = Recorder()
    channel = grpc.intercept_channel(grpc.insecure_channel(server.target, options=flic.channel_options()), recorder)
    with flic.FlicClient(channel=channel) as c:
        yield c, recorder


def io(n: int, isc: int = 0) -> IoIrq:
    return IoIrq(flic.io_type(0, 0, n & 0xFFFF), 0x0001, n & 0xFFFF, n, flic.isc_to_int_word(isc))


def test_lifecycle(client) -> None:
    client.create_vm("py-lifecycle", ais=True, profile="KERNEL_PROFILE_CURRENT")
    assert "py-lifecycle" in client.list_vms()
    vm = client.vm("py-lifecycle")
    assert vm.create_device(flags=abi.KVM_CREATE_DEVICE_TEST) is False
    assert vm.create_device() is True
    with pytest.raises(flic.KvmError) as caught:
        client.create_vm("py-lifecycle")
    assert (caught.value.name, caught.value.code) == ("EEXIST", grpc.StatusCode.ALREADY_EXISTS)
    client.delete_vm("py-lifecycle")
    assert "py-lifecycle" not in client.list_vms()
    with pytest.raises(ValueError):
        client.create_vm("x", flic_pb2.VmConfig(), ais=True)


def test_every_vm_call_carries_the_vm_header(recorded) -> None:
    c, recorder = recorded
    c.create_vm("py-header")
    vm = c.vm("py-header")
    vm.create_device()
    vm.enqueue([io(1)])
    vm.read_all_irqs()
    vm.clear_irqs()
    c.list_vms()
    c.delete_vm("py-header")
    for method, metadata in recorder.calls:
        if method.endswith("/ListVms"):
            assert client_module.VM_ID_KEY not in metadata
        else:
            assert metadata.get(client_module.VM_ID_KEY) == "py-header", method
    assert len(recorder.calls) == 7


def test_a_full_queue_reads_back_past_grpcs_default_4_mib(server, vm) -> None:
    # 266,250 records: 19 MB raw each way, about 5.5 MB as typed messages.
    record = io(5, 3)
    vm.set_attr(abi.KVM_DEV_FLIC_ENQUEUE, record.pack() * abi.KVM_S390_MAX_FLOAT_IRQS)
    typed = vm.get_all_irqs(abi.KVM_S390_FLIC_MAX_BUFFER)
    assert len(typed) == abi.KVM_S390_MAX_FLOAT_IRQS and typed[-1] == record
    raw = vm.get_attr(abi.KVM_DEV_FLIC_GET_ALL_IRQS, abi.KVM_S390_FLIC_MAX_BUFFER)
    assert raw.ret == abi.KVM_S390_MAX_FLOAT_IRQS and raw.data == record.pack() * abi.KVM_S390_MAX_FLOAT_IRQS
    with pytest.raises(flic.KvmError) as caught:
        vm.enqueue([record])
    assert (caught.value.name, caught.value.errno) == ("EBUSY", 16)
    # The same read on a channel with gRPC's defaults fails: the limits are what make it work.
    with grpc.insecure_channel(server.target) as plain:
        stub = flic_pb2_grpc.FlicStub(plain)
        with pytest.raises(grpc.RpcError) as failed:
            stub.GetAllIrqs(flic_pb2.GetAllIrqsRequest(vm_id=vm.id, buffer_len=abi.KVM_S390_FLIC_MAX_BUFFER))
        assert failed.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_the_growth_read_asks_twice_with_the_required_size(recorded) -> None:
    c, recorder = recorded
    c.create_vm("py-growth")
    vm = c.vm("py-growth")
    vm.create_device()
    irqs = [io(n) for n in range(100)]  # more than the 56 records of the first 4096 bytes
    vm.enqueue(irqs)
    assert vm.read_all_irqs() == irqs
    assert [r.io_int_parm for r in vm.get_all_irqs()] == list(range(100))
    calls = recorder.methods("GetAllIrqs")
    assert len(calls) == 4
    # A small queue takes one call.
    vm.clear_irqs()
    vm.enqueue(irqs[:56])
    assert len(vm.read_all_irqs()) == 56
    assert len(recorder.methods("GetAllIrqs")) == 5
    c.delete_vm("py-growth")


def test_enomem_names_the_size_that_suffices(vm) -> None:
    vm.enqueue([io(1), io(2)])
    with pytest.raises(flic.KvmError) as caught:
        vm.get_all_irqs(72)
    err = caught.value
    assert (err.name, err.errno, err.group) == ("ENOMEM", 12, "KVM_DEV_FLIC_GET_ALL_IRQS")
    assert err.metadata["requiredBytes"] == "144"
    assert err.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert isinstance(err.__cause__, grpc.RpcError)
    assert len(vm.read_all_irqs(first_guess=72)) == 2


def test_einval_from_a_zero_schid(vm) -> None:
    with pytest.raises(flic.KvmError) as caught:
        vm.clear_io_irq(0, 0)
    err = caught.value
    assert (err.name, err.errno, err.group) == ("EINVAL", 22, "KVM_DEV_FLIC_CLEAR_IO_IRQ")
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT
    assert err.detail and str(err) == f"KVM_DEV_FLIC_CLEAR_IO_IRQ: EINVAL: {err.detail}"
    assert err.metadata == {}  # errno and group are attributes, not left in metadata
    assert err.written is None


def test_an_unknown_vm_is_enoent(client) -> None:
    with pytest.raises(flic.KvmError) as caught:
        client.vm("py-nowhere").clear_irqs()
    assert (caught.value.name, caught.value.errno, caught.value.code) == ("ENOENT", 2, grpc.StatusCode.NOT_FOUND)


def test_a_failure_that_is_not_a_device_error_stays_a_grpc_error() -> None:
    with flic.FlicClient("127.0.0.1:1", timeout=5) as nowhere:
        with pytest.raises(grpc.RpcError) as caught:
            nowhere.list_vms()
    assert not isinstance(caught.value, flic.KvmError)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE


@pytest.mark.vm_config(profile="KERNEL_PROFILE_ORIGINAL")
def test_the_original_profile_sends_the_written_records(vm) -> None:
    vm.enqueue([io(1), io(2)])
    with pytest.raises(flic.KvmError) as caught:
        vm.get_all_irqs(72)
    assert caught.value.name == "ENOMEM"
    assert caught.value.written is not None
    assert flic.unpack_irqs(caught.value.written) == [io(1)]


@pytest.mark.vm_config(profile="KERNEL_PROFILE_ORIGINAL")
@pytest.mark.parametrize("written", [1, 110, 111, 1000, abi.KVM_S390_MAX_FLOAT_IRQS - 1])
def test_a_partial_write_of_any_size_keeps_its_errno(vm, written) -> None:
    """grpcio (C-core) refuses trailers over 8 KiB: the errno must arrive however much was written."""
    records = b"".join(io(n).pack() for n in range(min(written + 1, 4096)))
    pending = 0
    while pending < written + 1:
        batch = records[: (min(written + 1 - pending, 4096)) * abi.KVM_S390_IRQ_SIZE]
        vm.set_attr(abi.KVM_DEV_FLIC_ENQUEUE, batch)
        pending += len(batch) // abi.KVM_S390_IRQ_SIZE
    with pytest.raises(flic.KvmError) as caught:
        vm.get_all_irqs(written * abi.KVM_S390_IRQ_SIZE)
    err = caught.value
    assert (err.name, err.errno, err.group) == ("ENOMEM", 12, "KVM_DEV_FLIC_GET_ALL_IRQS")
    assert err.metadata["writtenRecords"] == str(written)
    assert err.metadata["requiredBytes"] == str((written + 1) * abi.KVM_S390_IRQ_SIZE)
    # The bytes travel only while every trailer fits in 7 KiB; then they are exactly the records.
    if err.written is not None:
        assert len(err.written) == written * abi.KVM_S390_IRQ_SIZE
        assert err.written == records[: len(err.written)]
    if written == 1:
        assert err.written is not None
    if written >= 110:  # past about 110 records, the bytes alone would exceed C-core's 8 KiB
        assert err.written is None


@pytest.mark.vm_config(ais=True)
def test_adapters_and_ais(vm) -> None:
    vm.adapter_register(1, 3, maskable=True, flags=abi.KVM_S390_ADAPTER_SUPPRESSIBLE)
    vm.adapter_modify(1, abi.KVM_S390_IO_ADAPTER_MASK, mask=True)
    vm.adapter_modify(1, abi.KVM_S390_IO_ADAPTER_MASK, mask=False)
    vm.aism(3, abi.KVM_S390_AIS_MODE_SINGLE)
    vm.airq_inject(1)
    vm.airq_inject(1)  # suppressed: SINGLE mode lets one through per ISC
    assert vm.get_aism_all() == (0x10, 0x10)
    assert vm.read_all_irqs() == [IoIrq(abi.KVM_S390_INT_IO_ADAPTER, io_int_word=0x80000000 | flic.isc_to_int_word(3))]
    vm.set_aism_all(0, 0)
    assert vm.get_aism_all(2) == (0, 0)
    with pytest.raises(flic.KvmError, match="EINVAL"):
        vm.get_aism_all(0)
    with pytest.raises(flic.KvmError) as caught:
        vm.aism(8, abi.KVM_S390_AIS_MODE_ALL)
    assert (caught.value.name, caught.value.group) == ("EINVAL", "KVM_DEV_FLIC_AISM")
    with pytest.raises(flic.KvmError) as caught:
        vm.adapter_register(64, 0)
    assert (caught.value.name, caught.value.group) == ("EINVAL", "KVM_DEV_FLIC_ADAPTER_REGISTER")
    state = vm.inspect()
    assert [a.adapter.id for a in state.adapters] == [1]


def test_apf_inspect_and_raw_has(vm) -> None:
    vm.apf_enable()
    vm.apf_disable_wait()
    vm.enqueue([ExtIrq(abi.KVM_S390_INT_SERVICE, 0x1001), MchkIrq(cr14=0x10000000)])
    state = vm.inspect()
    assert state.depths.service == 1 and state.depths.mchk == 1
    assert vm.has_attr(abi.KVM_DEV_FLIC_AISM_ALL).ret == 0
    with pytest.raises(flic.KvmError) as caught:
        vm.has_attr(12)
    assert (caught.value.name, caught.value.errno) == ("ENXIO", 6)


def test_a_payload_that_does_not_fit_its_field_is_the_servers_einval(vm) -> None:
    # The helpers refuse it locally; a message sent as it is reaches the server's check.
    with pytest.raises(ValueError):
        IoIrq(5, subchannel_id=0x10000)
    too_wide = flic_pb2.Interrupt(type=5, io=flic_pb2.IoPayload(subchannel_id=0x10000))
    with pytest.raises(flic.KvmError) as caught:
        vm.enqueue([too_wide])
    assert (caught.value.name, caught.value.group) == ("EINVAL", "KVM_DEV_FLIC_ENQUEUE")
