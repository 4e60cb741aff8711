package flic_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"flic/clients/go/flic"
	"flic/clients/go/flicv1"
)

// VM state against the real server: ExportVM and ImportVM in both formats (a clone answers as its
// original did), corrupt blobs, and DeleteVMIfUnchanged (docs/state.md).

func snapshotConfig() *flicv1.VmConfig { return &flicv1.VmConfig{Ais: true, Gisa: true} }

// stateVM is a VM with state in every part GET_ALL_IRQS and AISM_ALL show: I/O queues, a GISA
// bit, the service signal, a machine check, AIS masks and an adapter. It and its clone id are
// deleted when the test ends.
func stateVM(t *testing.T, c *flic.Client) *flic.VM {
	vm := freshVM(t, c, snapshotConfig())
	t.Cleanup(func() { _ = c.DeleteVM(ctx(t), cloneID(vm)) })
	must(t, vm.Enqueue(ctx(t), ioOn(1, 0, 0), ioOn(2, 3, 0), ioOn(3, 3, 0),
		flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1001}, flic.MchkIrq{CR14: 0x10000000, MCIC: 0x80}))
	must(t, vm.AdapterRegister(ctx(t), &flicv1.IoAdapter{Id: 4, Isc: 6, Maskable: true}))
	must(t, vm.AirqInject(ctx(t), 4)) // with a GISA: IPM bit of ISC 6
	must(t, vm.Aism(ctx(t), 2, flic.KVM_S390_AIS_MODE_SINGLE))
	return vm
}

func cloneID(vm *flic.VM) string { return vm.ID() + "-clone" }

// observed is what the tests compare: Inspect first (GET_ALL_IRQS takes the GISA bits it
// reports), then AISM_ALL and GET_ALL_IRQS.
type observed struct {
	inspect    *flicv1.InspectResponse
	simm, nimm uint32
	irqs       []flic.Irq
}

func observe(t *testing.T, vm *flic.VM) observed {
	t.Helper()
	var o observed
	var err error
	o.inspect, err = vm.Inspect(ctx(t))
	must(t, err)
	o.simm, o.nimm, err = vm.GetAismAll(ctx(t))
	must(t, err)
	o.irqs, err = vm.GetAllIrqs(ctx(t), flic.KVM_S390_FLIC_MAX_BUFFER)
	must(t, err)
	return o
}

func sameObserved(a, b observed) bool {
	return proto.Equal(a.inspect, b.inspect) && a.simm == b.simm && a.nimm == b.nimm && reflect.DeepEqual(a.irqs, b.irqs)
}

func export(t *testing.T, c *flic.Client, vmID string, format flicv1.StateFormat) []byte {
	t.Helper()
	blob, err := c.ExportVM(ctx(t), vmID, format)
	must(t, err)
	return blob
}

func TestAFlicExportImportedUnderAnotherIDIsAClone(t *testing.T) {
	c := dial(t)
	source := stateVM(t, c)
	blob := export(t, c, source.ID(), flic.FormatFLIC)
	if !bytes.HasPrefix(blob, []byte("FLICSTAT")) {
		t.Fatalf("blob starts % x", blob[:8])
	}
	if !bytes.Equal(export(t, c, source.ID(), flicv1.StateFormat_STATE_FORMAT_UNSPECIFIED), blob) {
		t.Fatal("a second export differs: the export changed the VM, or UNSPECIFIED is not FLIC")
	}
	clone := c.VM(cloneID(source))
	must(t, c.ImportVM(ctx(t), clone.ID(), flic.FormatFLIC, blob))
	if !bytes.Equal(export(t, c, clone.ID(), flic.FormatFLIC), blob) {
		t.Fatal("the clone's export differs")
	}
	original := observe(t, source)
	if len(original.irqs) != 6 || original.simm != 0x20 || original.nimm != 0 {
		t.Fatalf("the source VM: %+v", original)
	}
	if got := observe(t, clone); !sameObserved(got, original) {
		t.Fatalf("the clone answers\n%+v\nthe original\n%+v", got, original)
	}
	// The clone is a VM of its own: changing it leaves the original alone.
	kept, err := source.ReadAllIrqs(ctx(t))
	must(t, err)
	must(t, clone.ClearIrqs(ctx(t)))
	wantIrqs(t, clone)
	wantIrqs(t, source, kept...)
	kvmError(t, c.ImportVM(ctx(t), clone.ID(), flic.FormatFLIC, blob), flic.EEXIST, "")
}

func TestAQemuExportLoadsIntoAnotherVM(t *testing.T) {
	c := dial(t)
	source := stateVM(t, c)
	blob := export(t, c, source.ID(), flic.FormatQEMU)
	// The irqs field: a big-endian count, then the 72-byte records GET_ALL_IRQS returns (the GISA
	// bit included), then the s390-flic/ais subsection.
	if n := binary.BigEndian.Uint64(blob); n != 6 {
		t.Fatalf("count %d", n)
	}
	if tail := blob[8+6*flic.KVM_S390_IRQ_SIZE:]; !bytes.Equal(tail, []byte("\x05\x0ds390-flic/ais\x00\x00\x00\x01\x20\x00")) {
		t.Fatalf("subsection % x", tail)
	}
	must(t, c.CreateVM(ctx(t), cloneID(source), snapshotConfig()))
	clone := c.VM(cloneID(source))
	kvmError(t, c.ImportVM(ctx(t), clone.ID(), flic.FormatQEMU, blob), flic.ENODEV, "") // QEMU's format loads into a FLIC
	_, err := clone.CreateDevice(ctx(t), flic.KVM_DEV_TYPE_FLIC, 0)
	must(t, err)
	must(t, c.ImportVM(ctx(t), clone.ID(), flic.FormatQEMU, blob))
	if !bytes.Equal(export(t, c, clone.ID(), flic.FormatQEMU), blob) {
		t.Fatal("the clone's QEMU export differs")
	}
	simm, nimm, err := clone.GetAismAll(ctx(t))
	must(t, err)
	if simm != 0x20 || nimm != 0 {
		t.Errorf("AISM_ALL %#x %#x", simm, nimm)
	}
	irqs, err := source.ReadAllIrqs(ctx(t))
	must(t, err)
	wantIrqs(t, clone, irqs...)
}

func TestAFlippedByteIsEINVALAndCreatesNothing(t *testing.T) {
	c := dial(t)
	source := stateVM(t, c)
	blob := export(t, c, source.ID(), flic.FormatFLIC)
	absent := func() {
		t.Helper()
		ids, err := c.ListVMs(ctx(t))
		must(t, err)
		if contains(ids, cloneID(source)) {
			t.Fatal("a failed import created the VM")
		}
	}
	for _, at := range []int{10, 17, len(blob) / 2, len(blob) - 1} {
		corrupt := append([]byte(nil), blob...)
		corrupt[at] ^= 0x01
		err := c.ImportVM(ctx(t), cloneID(source), flic.FormatFLIC, corrupt)
		kvm := kvmError(t, err, flic.EINVAL, "IMPORT_VM")
		if kvm.Detail == "" || status.Code(err) != codes.InvalidArgument {
			t.Errorf("byte %d: %+v", at, kvm)
		}
		absent()
	}
	kvmError(t, c.ImportVM(ctx(t), cloneID(source), flic.FormatFLIC, blob[:len(blob)-1]), flic.EINVAL, "IMPORT_VM")
	absent()
	_, err := c.ExportVM(ctx(t), source.ID(), flicv1.StateFormat(7)) // a format the contract does not define
	kvmError(t, err, flic.EINVAL, "")
}

func TestAConditionalDeleteDeletesOnlyTheStateItNames(t *testing.T) {
	c := dial(t)
	source := stateVM(t, c)
	digest := sha256.Sum256(export(t, c, source.ID(), flic.FormatFLIC))
	must(t, source.Enqueue(ctx(t), ioOn(9, 1, 0))) // a change after the export
	err := c.DeleteVMIfUnchanged(ctx(t), source.ID(), digest)
	kvmError(t, err, flic.ESTALE, "")
	if status.Code(err) != codes.Aborted {
		t.Errorf("status %v", status.Code(err))
	}
	kvmError(t, c.DeleteVMIfUnchanged(ctx(t), source.ID(), [sha256.Size]byte{}), flic.ESTALE, "")
	ids, err := c.ListVMs(ctx(t))
	must(t, err)
	if !contains(ids, source.ID()) {
		t.Fatal("a stale delete deleted the VM")
	}
	must(t, c.DeleteVMIfUnchanged(ctx(t), source.ID(), sha256.Sum256(export(t, c, source.ID(), flic.FormatFLIC))))
	ids, err = c.ListVMs(ctx(t))
	must(t, err)
	if contains(ids, source.ID()) {
		t.Fatal("the delete left the VM")
	}
}
