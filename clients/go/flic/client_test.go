package flic_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"flic/clients/go/flic"
	"flic/clients/go/flicv1"
)

// recorder records the method and outgoing metadata of every call through its connection.
type recorder struct {
	mu    sync.Mutex
	calls []recordedCall
}

type recordedCall struct {
	method string
	md     metadata.MD
}

func (r *recorder) intercept(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	md, _ := metadata.FromOutgoingContext(ctx)
	r.mu.Lock()
	r.calls = append(r.calls, recordedCall{method, md})
	r.mu.Unlock()
	return invoker(ctx, method, req, reply, cc, opts...)
}

func (r *recorder) count(method string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		if c.method == "/flic.v1.Flic/"+method {
			n++
		}
	}
	return n
}

func dialRecorded(t *testing.T) (*flic.Client, *recorder) {
	rec := &recorder{}
	c, err := flic.Dial(flicServer(t), grpc.WithUnaryInterceptor(rec.intercept))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, rec
}

func ioRecord(n uint32, isc uint8) flic.IoIrq {
	return flic.IoIrq{Type: flic.IoType(0, 0, uint16(n), false), SubchannelID: 1, SubchannelNr: uint16(n), IoIntParm: n, IoIntWord: flic.IscToIntWord(isc)}
}

// kvmError is the *KvmError err must be, with the errno and group given.
func kvmError(t *testing.T, err error, errno flic.Errno, group string) *flic.KvmError {
	t.Helper()
	var kvm *flic.KvmError
	if !errors.As(err, &kvm) {
		t.Fatalf("want a *KvmError %v, got %v", errno, err)
	}
	if kvm.Errno != errno || kvm.Name != errno.String() || !errors.Is(err, errno) || (group != "" && kvm.Group != group) {
		t.Fatalf("want %v in %s, got %+v", errno, group, kvm)
	}
	return kvm
}

func TestLifecycle(t *testing.T) {
	c := dial(t)
	const id = "go-lifecycle"
	if err := c.CreateVM(ctx(t), id, &flicv1.VmConfig{Ais: true}); err != nil {
		t.Fatal(err)
	}
	ids, err := c.ListVMs(ctx(t))
	if err != nil || !contains(ids, id) {
		t.Fatalf("ListVMs: %v %v", ids, err)
	}
	vm := c.VM(id)
	if created, err := vm.CreateDevice(ctx(t), flic.KVM_DEV_TYPE_FLIC, flic.KVM_CREATE_DEVICE_TEST); created || err != nil {
		t.Errorf("TEST create: %v %v", created, err)
	}
	if created, err := vm.CreateDevice(ctx(t), flic.KVM_DEV_TYPE_FLIC, 0); !created || err != nil {
		t.Errorf("create: %v %v", created, err)
	}
	err = c.CreateVM(ctx(t), id, nil)
	kvmError(t, err, flic.EEXIST, "VM")
	if status.Code(err) != codes.AlreadyExists {
		t.Errorf("status.Code = %v", status.Code(err))
	}
	if err := c.DeleteVM(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	kvmError(t, c.DeleteVM(ctx(t), id), flic.ENOENT, "VM")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestEveryVMCallCarriesTheVMHeader(t *testing.T) {
	c, rec := dialRecorded(t)
	const id = "go-header"
	must(t, c.CreateVM(ctx(t), id, nil))
	vm := c.VM(id)
	_, err := vm.CreateDevice(ctx(t), flic.KVM_DEV_TYPE_FLIC, 0)
	must(t, err)
	must(t, vm.Enqueue(ctx(t), ioRecord(1, 0)))
	_, err = vm.ReadAllIrqs(ctx(t))
	must(t, err)
	must(t, vm.ClearIrqs(ctx(t)))
	_, err = c.ListVMs(ctx(t))
	must(t, err)
	must(t, c.DeleteVM(ctx(t), id))
	if len(rec.calls) != 7 {
		t.Fatalf("%d calls", len(rec.calls))
	}
	for _, call := range rec.calls {
		got := call.md.Get(flic.VMIDKey)
		if call.method == "/flic.v1.Flic/ListVms" {
			if len(got) != 0 {
				t.Errorf("ListVms sent %v", got)
			}
		} else if !reflect.DeepEqual(got, []string{id}) {
			t.Errorf("%s sent %s: %v", call.method, flic.VMIDKey, got)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAFullQueueReadsBackPastGRPCsDefault4MiB(t *testing.T) {
	c := dial(t)
	vm := freshVM(t, c, nil)
	record := pack(t, ioRecord(5, 3))
	_, err := vm.SetAttr(ctx(t), flic.SetData(flic.KVM_DEV_FLIC_ENQUEUE, bytes.Repeat(record, flic.KVM_S390_MAX_FLOAT_IRQS)))
	must(t, err)
	typed, err := vm.GetAllIrqs(ctx(t), flic.KVM_S390_FLIC_MAX_BUFFER)
	if err != nil || len(typed) != flic.KVM_S390_MAX_FLOAT_IRQS || typed[len(typed)-1] != ioRecord(5, 3) {
		t.Fatalf("typed read: %d records, %v", len(typed), err)
	}
	raw, err := vm.GetAttr(ctx(t), flic.AttrCall{Group: flic.KVM_DEV_FLIC_GET_ALL_IRQS, Attr: flic.KVM_S390_FLIC_MAX_BUFFER})
	if err != nil || raw.Ret != flic.KVM_S390_MAX_FLOAT_IRQS || !bytes.Equal(raw.Data, bytes.Repeat(record, flic.KVM_S390_MAX_FLOAT_IRQS)) {
		t.Fatalf("raw read: %d, %v", raw.Ret, err)
	}
	kvmError(t, vm.Enqueue(ctx(t), ioRecord(5, 3)), flic.EBUSY, "KVM_DEV_FLIC_ENQUEUE")

	// The same read on a connection with gRPC's defaults fails: the limits make it work.
	plain, err := grpc.Dial(flicServer(t), grpc.WithInsecure())
	must(t, err)
	defer plain.Close()
	_, err = flicv1.NewFlicClient(plain).GetAllIrqs(ctx(t), &flicv1.GetAllIrqsRequest{VmId: vm.ID(), BufferLen: flic.KVM_S390_FLIC_MAX_BUFFER})
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("default limits: %v", err)
	}
}

func TestTheGrowthReadAsksTwiceWithTheRequiredSize(t *testing.T) {
	c, rec := dialRecorded(t)
	vm := freshVM(t, c, nil)
	var irqs []flic.Irq
	for n := uint32(0); n < 100; n++ { // more than the 56 records of the first 4096 bytes
		irqs = append(irqs, ioRecord(n, 0))
	}
	must(t, vm.Enqueue(ctx(t), irqs...))
	got, err := vm.ReadAllIrqs(ctx(t))
	if err != nil || !reflect.DeepEqual(got, irqs) {
		t.Fatalf("ReadAllIrqs: %d records, %v", len(got), err)
	}
	if n := rec.count("GetAllIrqs"); n != 2 {
		t.Errorf("%d GetAllIrqs calls, want 2", n)
	}
	must(t, vm.ClearIrqs(ctx(t)))
	must(t, vm.Enqueue(ctx(t), irqs[:56]...))
	if got, err := vm.ReadAllIrqs(ctx(t)); err != nil || len(got) != 56 || rec.count("GetAllIrqs") != 3 {
		t.Errorf("56 records: %d, %v, %d calls", len(got), err, rec.count("GetAllIrqs"))
	}
}

func TestEnomemNamesTheSizeThatSuffices(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioRecord(1, 0), ioRecord(2, 0)))
	_, err := vm.GetAllIrqs(ctx(t), 72)
	kvm := kvmError(t, err, flic.ENOMEM, "KVM_DEV_FLIC_GET_ALL_IRQS")
	if kvm.Metadata["requiredBytes"] != "144" || status.Code(err) != codes.ResourceExhausted || kvm.Written != nil {
		t.Errorf("%+v", kvm)
	}
	if got, err := vm.ReadAllIrqsFrom(ctx(t), 72); err != nil || len(got) != 2 {
		t.Errorf("ReadAllIrqsFrom(72): %v %v", got, err)
	}
}

func TestEinvalFromAZeroSchid(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	err := vm.ClearIoIrq(ctx(t), 0, 0)
	kvm := kvmError(t, err, flic.EINVAL, "KVM_DEV_FLIC_CLEAR_IO_IRQ")
	if kvm.Errno != 22 || len(kvm.Metadata) != 0 || kvm.Detail == "" || err.Error() != "KVM_DEV_FLIC_CLEAR_IO_IRQ: EINVAL: "+kvm.Detail {
		t.Errorf("%+v: %q", kvm, err.Error())
	}
	if status.Code(err) != codes.InvalidArgument || errors.Is(err, flic.ENOENT) {
		t.Errorf("code %v", status.Code(err))
	}
}

func TestAFailureThatIsNotADeviceErrorStaysAGRPCError(t *testing.T) {
	c, err := flic.Dial("127.0.0.1:1")
	must(t, err)
	defer c.Close()
	short, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.ListVMs(short)
	var kvm *flic.KvmError
	if err == nil || errors.As(err, &kvm) {
		t.Fatalf("got %v", err)
	}
	if code := status.Code(err); code != codes.Unavailable && code != codes.DeadlineExceeded {
		t.Errorf("code %v", code)
	}
}

func TestTheOriginalProfileSendsTheWrittenRecords(t *testing.T) {
	vm := freshVM(t, dial(t), &flicv1.VmConfig{Profile: flicv1.KernelProfile_KERNEL_PROFILE_ORIGINAL})
	must(t, vm.Enqueue(ctx(t), ioRecord(1, 0), ioRecord(2, 0)))
	_, err := vm.GetAllIrqs(ctx(t), 72)
	kvm := kvmError(t, err, flic.ENOMEM, "")
	written, uerr := flic.UnpackIrqs(kvm.Written)
	if uerr != nil || !reflect.DeepEqual(written, []flic.Irq{ioRecord(1, 0)}) {
		t.Errorf("written %x: %v %v", kvm.Written, written, uerr)
	}
}

var floating = oneOfEach[:5]

func TestRawEnqueueOfPackedRecordsReadsBackTyped(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	_, err := vm.SetAttr(ctx(t), flic.SetData(flic.KVM_DEV_FLIC_ENQUEUE, pack(t, floating...)))
	must(t, err)
	got, err := vm.ReadAllIrqs(ctx(t))
	must(t, err)
	// Kernel order: I/O, PFAULT_DONE, VIRTIO, then the merged service and machine-check records
	// (a floating machine check keeps only cr14's bit 28 and mcic).
	want := []flic.Irq{floating[0], floating[3], floating[2], floating[1], flic.MchkIrq{CR14: 0x10000000, MCIC: 0x8000000000000000}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestTypedEnqueueReadsBackRaw(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), floating[:4]...))
	r, err := vm.GetAttr(ctx(t), flic.AttrCall{Group: flic.KVM_DEV_FLIC_GET_ALL_IRQS, Attr: flic.KVM_S390_FLIC_MAX_BUFFER})
	if err != nil || r.Ret != 4 || !bytes.Equal(r.Data, pack(t, floating[0], floating[3], floating[2], floating[1])) {
		t.Errorf("%d %x %v", r.Ret, r.Data, err)
	}
}

func TestPerVCPURecordsAreRefusedWithEinval(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	for _, irq := range oneOfEach[5:10] {
		_, err := vm.SetAttr(ctx(t), flic.SetData(flic.KVM_DEV_FLIC_ENQUEUE, pack(t, irq)))
		kvmError(t, err, flic.EINVAL, "KVM_DEV_FLIC_ENQUEUE")
		kvmError(t, vm.Enqueue(ctx(t), irq), flic.EINVAL, "KVM_DEV_FLIC_ENQUEUE")
	}
	if got, err := vm.ReadAllIrqs(ctx(t)); err != nil || len(got) != 0 {
		t.Errorf("%v %v", got, err)
	}
}

func TestAdaptersAndAIS(t *testing.T) {
	vm := freshVM(t, dial(t), &flicv1.VmConfig{Ais: true})
	must(t, vm.AdapterRegister(ctx(t), &flicv1.IoAdapter{Id: 1, Isc: 3, Maskable: true, Flags: flic.KVM_S390_ADAPTER_SUPPRESSIBLE}))
	must(t, vm.AdapterModify(ctx(t), &flicv1.IoAdapterReq{Id: 1, Type: flic.KVM_S390_IO_ADAPTER_MASK, Mask: true}))
	must(t, vm.AdapterModify(ctx(t), &flicv1.IoAdapterReq{Id: 1, Type: flic.KVM_S390_IO_ADAPTER_MASK}))
	must(t, vm.Aism(ctx(t), 3, flic.KVM_S390_AIS_MODE_SINGLE))
	must(t, vm.AirqInject(ctx(t), 1))
	must(t, vm.AirqInject(ctx(t), 1)) // suppressed: SINGLE lets one through
	if simm, nimm, err := vm.GetAismAll(ctx(t)); simm != 0x10 || nimm != 0x10 || err != nil {
		t.Errorf("GetAismAll: %#x %#x %v", simm, nimm, err)
	}
	got, err := vm.ReadAllIrqs(ctx(t))
	want := []flic.Irq{flic.IoIrq{Type: flic.KVM_S390_INT_IO_ADAPTER, IoIntWord: flic.IO_INT_WORD_AI | flic.IscToIntWord(3)}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%+v %v", got, err)
	}
	must(t, vm.SetAismAll(ctx(t), 0, 0))
	_, err = vm.GetAttr(ctx(t), flic.AttrCall{Group: flic.KVM_DEV_FLIC_AISM_ALL, Attr: 0})
	kvmError(t, err, flic.EINVAL, "KVM_DEV_FLIC_AISM_ALL")
	kvmError(t, vm.Aism(ctx(t), 8, flic.KVM_S390_AIS_MODE_ALL), flic.EINVAL, "KVM_DEV_FLIC_AISM")
	kvmError(t, vm.AdapterRegister(ctx(t), &flicv1.IoAdapter{Id: 64}), flic.EINVAL, "KVM_DEV_FLIC_ADAPTER_REGISTER")
	state, err := vm.Inspect(ctx(t))
	if err != nil || len(state.GetAdapters()) != 1 || state.GetAdapters()[0].GetAdapter().GetId() != 1 {
		t.Errorf("Inspect: %v %v", state, err)
	}
}

func TestApfAndHas(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.ApfEnable(ctx(t)))
	must(t, vm.ApfDisableWait(ctx(t)))
	if r, err := vm.HasAttr(ctx(t), flic.AttrCall{Group: flic.KVM_DEV_FLIC_AISM_ALL}); r.Ret != 0 || err != nil {
		t.Errorf("HAS AISM_ALL: %v %v", r, err)
	}
	_, err := vm.HasAttr(ctx(t), flic.AttrCall{Group: 12})
	kvmError(t, err, flic.ENXIO, "")
}

func TestAPayloadThatDoesNotFitItsFieldIsTheServersEinval(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	tooWide := &flicv1.Interrupt{Type: 5, Payload: &flicv1.Interrupt_Io{Io: &flicv1.IoPayload{SubchannelId: 0x10000}}}
	kvmError(t, vm.EnqueueMessages(ctx(t), tooWide), flic.EINVAL, "KVM_DEV_FLIC_ENQUEUE")
}
