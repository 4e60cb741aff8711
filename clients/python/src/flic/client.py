"""The Python client of a flic server: FlicClient (the VMs of one server) and Vm (one VM's FLIC).

Every VM-addressed call carries the VM id in its request and in the ``flic-vm-id`` header (so a
proxy can route by VM); the channel allows flic's largest messages both ways; a device error is
raised as KvmError (from the grpc.RpcError, which stays its ``__cause__``), and any other failure
as the grpc.RpcError itself.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Optional, Sequence

import grpc

from flic import abi
from flic.delivery import CpuState, Delivery, io_irq_from_dequeue
from flic.errors import KvmError
from flic.messages import IrqLike, from_messages, to_message, to_messages
from flic.records import IoIrq, Irq, unpack_ais_all
from flic.snapshots import StateFormat, StateFormatLike, state_format
from flic.status import kvm_error
from flic.v1 import flic_pb2, flic_pb2_grpc

#: The largest message either side sends or accepts: the largest legal ENQUEUE or GET_ALL_IRQS
#: (33,554,376 bytes of records) plus 1 MiB for the protobuf framing. The server's own limit.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024 + 1024 * 1024
#: The request header that names the VM.
VM_ID_KEY = "flic-vm-id"
#: The request header a bearer token travels in (a server with --authz-file, docs/security.md).
AUTHORIZATION_KEY = "authorization"
#: read_all_irqs' first buffer: one page (56 records), as QEMU starts.
READ_ALL_FIRST_GUESS = 4096


def channel_options() -> list[tuple[str, int]]:
    """The channel options a flic channel needs (gRPC's default receive limit is 4 MiB)."""
    return [
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ]


def tls_credentials(
    ca: Optional[bytes] = None, cert: Optional[bytes] = None, key: Optional[bytes] = None
) -> grpc.ChannelCredentials:
    """TLS to a server with --tls-cert: ``ca`` (PEM) is the CA that issued its certificate (default:
    the system's roots); ``cert`` and ``key`` (PEM) are the client certificate of a server with
    --tls-client-ca. Read the files yourself: ``tls_credentials(ca=open(path, "rb").read())``."""
    if (cert is None) != (key is None):
        raise ValueError("a client certificate needs its key, and a key its certificate")
    return grpc.ssl_channel_credentials(root_certificates=ca, private_key=key, certificate_chain=cert)


class AttrResult(NamedTuple):
    """What the raw attribute RPCs return: the ioctl's value and, for GET, the bytes written."""

    ret: int
    data: bytes


class FlicClient:
    """A flic server's VMs.

    ``FlicClient("127.0.0.1:50051")`` opens a plaintext channel with flic's message limits;
    ``credentials`` makes it a TLS channel (see tls_credentials()); ``server_name`` is the name the
    server's certificate must carry when the address does not carry it; ``token`` is a bearer token
    sent with every call (a server with --authz-file); ``options`` are added to the channel options;
    ``channel`` uses a channel you built (then its limits are yours: see channel_options()).
    ``timeout`` (seconds) applies to every call. Use it as a context manager, or call close().
    """

    def __init__(
        self,
        address: Optional[str] = None,
        *,
        channel: Optional[grpc.Channel] = None,
        credentials: Optional[grpc.ChannelCredentials] = None,
        options: Sequence[tuple[str, Any]] = (),
        timeout: Optional[float] = None,
        server_name: Optional[str] = None,
        token: Optional[str] = None,
    ) -> None:
        if channel is None:
            if address is None:
                raise ValueError("FlicClient needs an address or a channel")
            names = [] if server_name is None else [("grpc.ssl_target_name_override", server_name)]
            opts = channel_options() + names + list(options)
            channel = (
                grpc.insecure_channel(address, options=opts)
                if credentials is None
                else grpc.secure_channel(address, credentials, options=opts)
            )
        self.channel = channel
        #: The generated stub, for anything the methods here do not cover.
        self.stub = flic_pb2_grpc.FlicStub(channel)
        self.timeout = timeout
        self._auth: tuple[tuple[str, str], ...] = () if token is None else ((AUTHORIZATION_KEY, f"Bearer {token}"),)

    def call(self, method: str, request: Any, vm_id: Optional[str] = None) -> Any:
        """One unary call by method name, with the VM header when vm_id is given (and the token, if
        any); device errors raise KvmError."""
        metadata = self._auth + (() if vm_id is None else ((VM_ID_KEY, vm_id),))
        try:
            return getattr(self.stub, method)(request, metadata=metadata or None, timeout=self.timeout)
        except grpc.RpcError as err:
            device_error = kvm_error(err)
            if device_error is None:
                raise
            raise device_error from err

    def create_vm(self, vm_id: str, config: Optional[flic_pb2.VmConfig] = None, **fields: Any) -> None:
        """Creates a VM (no FLIC yet: then vm(vm_id).create_device()). The configuration is a
        VmConfig or its fields: ``create_vm("vm-1", ais=True, profile="KERNEL_PROFILE_ORIGINAL")``."""
        if config is not None and fields:
            raise ValueError("give a VmConfig or its fields, not both")
        config = config if config is not None else flic_pb2.VmConfig(**fields)
        self.call("CreateVm", flic_pb2.CreateVmRequest(vm_id=vm_id, config=config), vm_id)

    def delete_vm(self, vm_id: str, expected_state_sha256: Optional[bytes] = None) -> None:
        """Deletes a VM. With ``expected_state_sha256`` (the 32-byte SHA-256 of an export_vm in the
        FLIC format), only if the VM's state is still that one, checked in the same step:
        otherwise KvmError ESTALE and the VM stays (a change made since the export is never lost)."""
        request = flic_pb2.DeleteVmRequest(vm_id=vm_id, expected_state_sha256=expected_state_sha256 or b"")
        self.call("DeleteVm", request, vm_id)

    def list_vms(self) -> list[str]:
        return list(self.call("ListVms", flic_pb2.ListVmsRequest()).vm_ids)

    def export_vm(self, vm_id: str, format: StateFormatLike = StateFormat.FLIC) -> bytes:
        """The VM's state as a blob (docs/state.md); changes nothing. FLIC format: everything, to
        give to import_vm (also under another id: a clone). QEMU format: the body of QEMU's
        s390-flic section (KvmError ENODEV without a FLIC)."""
        request = flic_pb2.ExportVmRequest(vm_id=vm_id, format=state_format(format))
        return bytes(self.call("ExportVm", request, vm_id).state)

    def import_vm(self, vm_id: str, state: bytes, format: StateFormatLike = StateFormat.FLIC) -> None:
        """FLIC format: creates ``vm_id`` from an export_vm blob (EEXIST if it exists; EINVAL for a
        blob that is truncated, corrupted or of an unknown version, and nothing is created). QEMU
        format: loads into the existing VM's FLIC as QEMU's kvm_flic_load does."""
        request = flic_pb2.ImportVmRequest(vm_id=vm_id, format=state_format(format), state=state)
        self.call("ImportVm", request, vm_id)

    def vm(self, vm_id: str) -> "Vm":
        """One VM's FLIC (no call is made until a method is used)."""
        return Vm(self, vm_id)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> "FlicClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Vm:
    """One VM's FLIC on a flic server: a method per RPC, records from flic.records."""

    def __init__(self, client: FlicClient, vm_id: str) -> None:
        self.client = client
        self.id = vm_id

    def _call(self, method: str, request: Any) -> Any:
        return self.client.call(method, request, self.id)

    def create_device(self, type: int = abi.KVM_DEV_TYPE_FLIC, flags: int = 0) -> bool:
        """KVM_CREATE_DEVICE; False for a TEST create (flags=KVM_CREATE_DEVICE_TEST)."""
        return self._call("CreateDevice", flic_pb2.CreateDeviceRequest(vm_id=self.id, type=type, flags=flags)).created

    def _attr(self, method: str, group: int, attr: int, data: bytes, flags: int, bad_addr: bool) -> AttrResult:
        request = flic_pb2.DeviceAttrRequest(
            vm_id=self.id, flags=flags, group=group, attr=attr, data=data, bad_addr=bad_addr
        )
        response = self._call(method, request)
        return AttrResult(response.ret, response.data)

    def set_attr(
        self, group: int, data: bytes = b"", *, attr: Optional[int] = None, flags: int = 0, bad_addr: bool = False
    ) -> AttrResult:
        """KVM_SET_DEVICE_ATTR with `data` as the bytes at addr (flic.records packs them). `attr`
        defaults to len(data), the kernel's length for ENQUEUE, CLEAR_IO_IRQ and AISM_ALL."""
        return self._attr("SetDeviceAttr", group, len(data) if attr is None else attr, data, flags, bad_addr)

    def get_attr(self, group: int, attr: int = 0, *, flags: int = 0, bad_addr: bool = False) -> AttrResult:
        """KVM_GET_DEVICE_ATTR; `attr` is the buffer length (GET_ALL_IRQS, AISM_ALL)."""
        return self._attr("GetDeviceAttr", group, attr, b"", flags, bad_addr)

    def has_attr(self, group: int, attr: int = 0, *, flags: int = 0) -> AttrResult:
        """KVM_HAS_DEVICE_ATTR."""
        return self._attr("HasDeviceAttr", group, attr, b"", flags, False)

    def enqueue(self, irqs: Iterable[IrqLike]) -> None:
        """ENQUEUE (typed). Records before a failing one stay injected."""
        self._call("Enqueue", flic_pb2.EnqueueRequest(vm_id=self.id, irqs=to_messages(irqs)))

    def get_all_irqs(self, buffer_len: Optional[int] = None) -> list[Irq]:
        """GET_ALL_IRQS with a buffer of `buffer_len` bytes (ENOMEM when too small); without
        one, read_all_irqs()."""
        if buffer_len is None:
            return self.read_all_irqs()
        response = self._call("GetAllIrqs", flic_pb2.GetAllIrqsRequest(vm_id=self.id, buffer_len=buffer_len))
        return from_messages(response.irqs)

    def read_all_irqs(self, first_guess: int = READ_ALL_FIRST_GUESS) -> list[Irq]:
        """Every pending interrupt: asks with `first_guess` bytes and, on ENOMEM, once more with
        the size the error's requiredBytes names. With a GISA the kernel clears the adapter
        interrupts it collected before an ENOMEM: a caller who must not lose them asks with
        KVM_S390_FLIC_MAX_BUFFER, which always suffices."""
        try:
            return self.get_all_irqs(first_guess)
        except KvmError as err:
            if err.name != "ENOMEM":
                raise
            required = int(err.metadata.get("requiredBytes", abi.KVM_S390_FLIC_MAX_BUFFER))
            return self.get_all_irqs(min(required, abi.KVM_S390_FLIC_MAX_BUFFER))

    def clear_irqs(self) -> None:
        self._call("ClearIrqs", flic_pb2.ClearIrqsRequest(vm_id=self.id))

    def clear_io_irq(self, subchannel_id: int, subchannel_nr: int) -> None:
        request = flic_pb2.ClearIoIrqRequest(vm_id=self.id, subchannel_id=subchannel_id, subchannel_nr=subchannel_nr)
        self._call("ClearIoIrq", request)

    def apf_enable(self) -> None:
        self._call("ApfEnable", flic_pb2.ApfEnableRequest(vm_id=self.id))

    def apf_disable_wait(self) -> None:
        self._call("ApfDisableWait", flic_pb2.ApfDisableWaitRequest(vm_id=self.id))

    def adapter_register(self, id: int, isc: int, maskable: bool = False, swap: bool = False, flags: int = 0) -> None:
        adapter = flic_pb2.IoAdapter(id=id, isc=isc, maskable=maskable, swap=swap, flags=flags)
        self._call("AdapterRegister", flic_pb2.AdapterRegisterRequest(vm_id=self.id, adapter=adapter))

    def adapter_modify(self, id: int, type: int, mask: bool = False, addr: int = 0) -> None:
        req = flic_pb2.IoAdapterReq(id=id, type=type, mask=mask, addr=addr)
        self._call("AdapterModify", flic_pb2.AdapterModifyRequest(vm_id=self.id, req=req))

    def aism(self, isc: int, mode: int) -> None:
        self._call("Aism", flic_pb2.AismRequest(vm_id=self.id, isc=isc, mode=mode))

    def airq_inject(self, adapter_id: int) -> None:
        self._call("AirqInject", flic_pb2.AirqInjectRequest(vm_id=self.id, adapter_id=adapter_id))

    def get_aism_all(self, buffer_len: Optional[int] = None) -> tuple[int, int]:
        """AISM_ALL GET: (simm, nimm). On the wire buffer_len 0 means 2 (the proto default), so
        an explicit 0 goes through GetDeviceAttr, where the device answers it as the kernel does."""
        if buffer_len == 0:
            return unpack_ais_all(self.get_attr(abi.KVM_DEV_FLIC_AISM_ALL, 0).data)
        response = self._call("GetAismAll", flic_pb2.GetAismAllRequest(vm_id=self.id, buffer_len=buffer_len or 0))
        return response.simm, response.nimm

    def set_aism_all(self, simm: int, nimm: int) -> None:
        self._call("SetAismAll", flic_pb2.SetAismAllRequest(vm_id=self.id, simm=simm, nimm=nimm))

    def inspect(self) -> flic_pb2.InspectResponse:
        """The model's read-only state (queues, masks, adapters, depths, counters)."""
        return self._call("Inspect", flic_pb2.InspectRequest(vm_id=self.id))

    # ---- delivery (docs/delivery.md) ---------------------------------------------------------------

    def deliver(self, cpu: CpuState, *, dry_run: bool = False, wait_ms: int = 0) -> Delivery:
        """The vCPU takes at most one floating interrupt: the highest deliverable one, with what
        taking it stores into lowcore. ``dry_run`` answers what would be taken and changes nothing.
        ``wait_ms`` waits up to that long for something deliverable (the vCPU in an enabled wait;
        InterruptClass.NONE when the time is up); the client's ``timeout``, if set, must be longer."""
        request = flic_pb2.DeliverRequest(vm_id=self.id, cpu=cpu.to_message(), dry_run=dry_run, wait_ms=wait_ms)
        return Delivery.from_message(self._call("Deliver", request))

    def tpi(self, isc_mask: int) -> Optional[IoIrq]:
        """TEST PENDING INTERRUPTION: dequeues one I/O interrupt of the ISCs in ``isc_mask`` (CR6's
        bits, abi.cr6_isc_bit); None when there is none."""
        return io_irq_from_dequeue(self._call("Tpi", flic_pb2.TpiRequest(vm_id=self.id, isc_mask=isc_mask)))

    def tsch(self, schid: int) -> Optional[IoIrq]:
        """TEST SUBCHANNEL: dequeues the oldest I/O interrupt of one subchannel (``schid`` is
        abi.schid_word(subchannel_id, subchannel_nr); 0 dequeues nothing); None when there is none."""
        return io_irq_from_dequeue(self._call("Tsch", flic_pb2.TschRequest(vm_id=self.id, schid=schid)))

    def reinject_io(self, irq: IoIrq) -> None:
        """Puts a dequeued I/O interrupt back as a fresh injection (the tail of its ISC queue, or
        its GISA bit); KvmError EBUSY when the I/O queues are full."""
        request = flic_pb2.ReinjectIoRequest(vm_id=self.id, type=irq.type, io=to_message(irq).io)
        self._call("ReinjectIo", request)

    def pv_sclp_intercept(self) -> None:
        """A protected guest issued an SCLP request: SERVICE is released from masked_irqs and
        marked pending (KvmError EINVAL on a VM that is not protected)."""
        self._call("PvSclpIntercept", flic_pb2.PvSclpInterceptRequest(vm_id=self.id))
