package flic

import (
	"context"
	"errors"
	"strconv"

	"flic/clients/go/flicv1"
)

// VM is one VM's FLIC on a flic server: a method per RPC. Every call carries the VM id in its
// request and in the flic-vm-id header; device errors are *KvmError.
type VM struct {
	id  string
	rpc flicv1.FlicClient
}

// ID is the VM's id.
func (v *VM) ID() string { return v.id }

// AttrCall is a raw device-attribute call (struct kvm_device_attr, with the bytes at addr).
type AttrCall struct {
	Flags uint32
	Group uint32
	// Attr is the length for ENQUEUE, CLEAR_IO_IRQ and AISM_ALL SET, and the buffer length for
	// GET_ALL_IRQS and AISM_ALL GET.
	Attr uint64
	// Data is the bytes readable at addr (SET), in the kernel's big-endian layout.
	Data []byte
	// BadAddr makes every access to addr fault (EFAULT).
	BadAddr bool
}

// SetData is a SET of data with Attr set to its length, as ENQUEUE wants.
func SetData(group uint32, data []byte) AttrCall {
	return AttrCall{Group: group, Attr: uint64(len(data)), Data: data}
}

// AttrResult is the ioctl's value and, for a GET, the bytes written.
type AttrResult struct {
	Ret  int64
	Data []byte
}

func (v *VM) attrRequest(a AttrCall) *flicv1.DeviceAttrRequest {
	return &flicv1.DeviceAttrRequest{VmId: v.id, Flags: a.Flags, Group: a.Group, Attr: a.Attr, Data: a.Data, BadAddr: a.BadAddr}
}

func attrResult(r *flicv1.DeviceAttrResponse, err error) (AttrResult, error) {
	return AttrResult{r.GetRet(), r.GetData()}, err
}

// CreateDevice is KVM_CREATE_DEVICE; false for a TEST create (flags KVM_CREATE_DEVICE_TEST).
func (v *VM) CreateDevice(ctx context.Context, deviceType, flags uint32) (bool, error) {
	r, err := unary(ctx, v.id, v.rpc.CreateDevice, &flicv1.CreateDeviceRequest{VmId: v.id, Type: deviceType, Flags: flags})
	return r.GetCreated(), err
}

// SetAttr is KVM_SET_DEVICE_ATTR (PackIrqs and the Pack functions build Data).
func (v *VM) SetAttr(ctx context.Context, a AttrCall) (AttrResult, error) {
	return attrResult(unary(ctx, v.id, v.rpc.SetDeviceAttr, v.attrRequest(a)))
}

// GetAttr is KVM_GET_DEVICE_ATTR (UnpackIrqs reads GET_ALL_IRQS's Data).
func (v *VM) GetAttr(ctx context.Context, a AttrCall) (AttrResult, error) {
	return attrResult(unary(ctx, v.id, v.rpc.GetDeviceAttr, v.attrRequest(a)))
}

// HasAttr is KVM_HAS_DEVICE_ATTR.
func (v *VM) HasAttr(ctx context.Context, a AttrCall) (AttrResult, error) {
	return attrResult(unary(ctx, v.id, v.rpc.HasDeviceAttr, v.attrRequest(a)))
}

// Enqueue is ENQUEUE (typed). Records before a failing one stay injected.
func (v *VM) Enqueue(ctx context.Context, irqs ...Irq) error {
	messages, err := convertAll(irqs, ToMessage)
	if err != nil {
		return err
	}
	return v.EnqueueMessages(ctx, messages...)
}

// EnqueueMessages is ENQUEUE with Interrupt messages as they are (for example a payload that
// does not fit its kernel field, to see the server's EINVAL).
func (v *VM) EnqueueMessages(ctx context.Context, irqs ...*flicv1.Interrupt) error {
	_, err := unary(ctx, v.id, v.rpc.Enqueue, &flicv1.EnqueueRequest{VmId: v.id, Irqs: irqs})
	return err
}

// GetAllIrqs is GET_ALL_IRQS with a buffer of bufferLen bytes (ENOMEM when too small).
func (v *VM) GetAllIrqs(ctx context.Context, bufferLen uint64) ([]Irq, error) {
	r, err := unary(ctx, v.id, v.rpc.GetAllIrqs, &flicv1.GetAllIrqsRequest{VmId: v.id, BufferLen: bufferLen})
	if err != nil {
		return nil, err
	}
	return convertAll(r.GetIrqs(), FromMessage)
}

// ReadAllIrqs is every pending interrupt: ReadAllIrqsFrom(ctx, ReadAllFirstGuess).
func (v *VM) ReadAllIrqs(ctx context.Context) ([]Irq, error) {
	return v.ReadAllIrqsFrom(ctx, ReadAllFirstGuess)
}

// ReadAllIrqsFrom asks with firstGuess bytes and, on ENOMEM, once more with the size the error's
// requiredBytes names. With a GISA the kernel clears the adapter interrupts it collected before
// an ENOMEM: a caller who must not lose them asks with KVM_S390_FLIC_MAX_BUFFER, which always
// suffices.
func (v *VM) ReadAllIrqsFrom(ctx context.Context, firstGuess uint64) ([]Irq, error) {
	irqs, err := v.GetAllIrqs(ctx, firstGuess)
	var kvm *KvmError
	if err == nil || !errors.As(err, &kvm) || kvm.Errno != ENOMEM {
		return irqs, err
	}
	size := uint64(KVM_S390_FLIC_MAX_BUFFER)
	if required, perr := strconv.ParseUint(kvm.Metadata["requiredBytes"], 10, 64); perr == nil && required < size {
		size = required
	}
	return v.GetAllIrqs(ctx, size)
}

// ClearIrqs is CLEAR_IRQS.
func (v *VM) ClearIrqs(ctx context.Context) error {
	_, err := unary(ctx, v.id, v.rpc.ClearIrqs, &flicv1.ClearIrqsRequest{VmId: v.id})
	return err
}

// ClearIoIrq is CLEAR_IO_IRQ for one subchannel.
func (v *VM) ClearIoIrq(ctx context.Context, subchannelID, subchannelNr uint16) error {
	req := &flicv1.ClearIoIrqRequest{VmId: v.id, SubchannelId: uint32(subchannelID), SubchannelNr: uint32(subchannelNr)}
	_, err := unary(ctx, v.id, v.rpc.ClearIoIrq, req)
	return err
}

// ApfEnable is APF_ENABLE.
func (v *VM) ApfEnable(ctx context.Context) error {
	_, err := unary(ctx, v.id, v.rpc.ApfEnable, &flicv1.ApfEnableRequest{VmId: v.id})
	return err
}

// ApfDisableWait is APF_DISABLE_WAIT.
func (v *VM) ApfDisableWait(ctx context.Context) error {
	_, err := unary(ctx, v.id, v.rpc.ApfDisableWait, &flicv1.ApfDisableWaitRequest{VmId: v.id})
	return err
}

// AdapterRegister is ADAPTER_REGISTER.
func (v *VM) AdapterRegister(ctx context.Context, adapter *flicv1.IoAdapter) error {
	_, err := unary(ctx, v.id, v.rpc.AdapterRegister, &flicv1.AdapterRegisterRequest{VmId: v.id, Adapter: adapter})
	return err
}

// AdapterModify is ADAPTER_MODIFY.
func (v *VM) AdapterModify(ctx context.Context, req *flicv1.IoAdapterReq) error {
	_, err := unary(ctx, v.id, v.rpc.AdapterModify, &flicv1.AdapterModifyRequest{VmId: v.id, Req: req})
	return err
}

// Aism is AISM: mode KVM_S390_AIS_MODE_ALL or KVM_S390_AIS_MODE_SINGLE for one ISC.
func (v *VM) Aism(ctx context.Context, isc, mode uint32) error {
	_, err := unary(ctx, v.id, v.rpc.Aism, &flicv1.AismRequest{VmId: v.id, Isc: isc, Mode: mode})
	return err
}

// AirqInject is AIRQ_INJECT for one adapter.
func (v *VM) AirqInject(ctx context.Context, adapterID uint64) error {
	_, err := unary(ctx, v.id, v.rpc.AirqInject, &flicv1.AirqInjectRequest{VmId: v.id, AdapterId: adapterID})
	return err
}

// GetAismAll is AISM_ALL GET: (simm, nimm). On the wire buffer length 0 means 2 (the proto
// default); GetAttr sends an explicit 0, which the device answers as the kernel does.
func (v *VM) GetAismAll(ctx context.Context) (simm, nimm uint32, err error) {
	r, err := unary(ctx, v.id, v.rpc.GetAismAll, &flicv1.GetAismAllRequest{VmId: v.id})
	return r.GetSimm(), r.GetNimm(), err
}

// SetAismAll is AISM_ALL SET.
func (v *VM) SetAismAll(ctx context.Context, simm, nimm uint32) error {
	_, err := unary(ctx, v.id, v.rpc.SetAismAll, &flicv1.SetAismAllRequest{VmId: v.id, Simm: simm, Nimm: nimm})
	return err
}

// Inspect is the model's read-only state (queues, masks, adapters, depths, counters).
func (v *VM) Inspect(ctx context.Context) (*flicv1.InspectResponse, error) {
	return unary(ctx, v.id, v.rpc.Inspect, &flicv1.InspectRequest{VmId: v.id})
}
