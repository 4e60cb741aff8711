package flic_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"flic/clients/go/flic"
	"flic/clients/go/flicv1"
)

// Delivery against the real server: Deliver (I/O, SERVICE_EV then SERVICE, dry runs, waiting,
// the errnos) and the protected VM's SCLP intercept (docs/delivery.md). TPI, TSCH and ReinjectIo
// are in dequeue_test.go.

// openGates opens every gate of docs/delivery.md §2: the I/O, external and machine-check masks,
// every ISC, the service-signal subclass and the floating machine check's CR14 bit.
func openGates() *flicv1.CpuState {
	return &flicv1.CpuState{
		PswMask: (flic.PSW_HI_IO | flic.PSW_HI_EXT | flic.PSW_HI_MCHECK) << 32,
		Cr0:     flic.CR0_SERVICE_SIGNAL_SUBMASK, Cr6: flic.CR6_ALL_ISCS, Cr14: 0x10000000,
	}
}

func ioOnly(iscMask uint32) *flicv1.CpuState {
	return &flicv1.CpuState{PswMask: flic.PSW_HI_IO << 32, Cr6: uint64(iscMask)}
}

func serviceOnly() *flicv1.CpuState {
	return &flicv1.CpuState{PswMask: flic.PSW_HI_EXT << 32, Cr0: flic.CR0_SERVICE_SIGNAL_SUBMASK}
}

func ioOn(nr uint16, isc uint8, parm uint32) flic.IoIrq {
	if parm == 0 {
		parm = 0x1000 + uint32(nr)
	}
	return flic.IoIrq{Type: flic.IoType(0, 0, nr, false), SubchannelID: 1, SubchannelNr: nr, IoIntParm: parm, IoIntWord: flic.IscToIntWord(isc)}
}

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func serviceStores(param uint32) []flic.LowcoreStore {
	return []flic.LowcoreStore{
		{Offset: flic.LC_EXT_INT_CODE, Data: u16(flic.EXT_IRQ_SERVICE_SIG)},
		{Offset: flic.LC_EXT_CPU_ADDR, Data: u16(0)},
		{Offset: flic.LC_EXT_PARAMS, Data: u32(param)},
	}
}

func deliver(t *testing.T, vm *flic.VM, cpu *flicv1.CpuState, opts flic.DeliverOptions) flic.Delivery {
	t.Helper()
	d, err := vm.Deliver(ctx(t), cpu, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantDelivery(t *testing.T, got, want flic.Delivery) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("delivery:\n got %+v\nwant %+v", got, want)
	}
}

func wantIrqs(t *testing.T, vm *flic.VM, want ...flic.Irq) {
	t.Helper()
	got, err := vm.ReadAllIrqs(ctx(t))
	if err != nil || len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
		t.Fatalf("GET_ALL_IRQS: got %v (%v), want %v", got, err, want)
	}
}

func TestAnIoInterruptIsTakenWithItsStores(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	taken := ioOn(5, 3, 0x11223344)
	must(t, vm.Enqueue(ctx(t), ioOn(6, 5, 0), taken))
	// CR6 enables ISC 3 alone: the ISC 5 interrupt stays.
	wantDelivery(t, deliver(t, vm, ioOnly(flic.CR6IscBit(3)), flic.DeliverOptions{}), flic.Delivery{
		Class: flic.ClassIO, PendingBit: flic.IscPendingBit(3), Record: taken,
		Stores: []flic.LowcoreStore{
			{Offset: flic.LC_SUBCHANNEL_ID, Data: u16(1)},
			{Offset: flic.LC_SUBCHANNEL_NR, Data: u16(5)},
			{Offset: flic.LC_IO_INT_PARM, Data: u32(0x11223344)},
			{Offset: flic.LC_IO_INT_WORD, Data: u32(flic.IscToIntWord(3))},
		},
		OldPSWOffset: flic.LC_IO_OLD_PSW, NewPSWOffset: flic.LC_IO_NEW_PSW,
	})
	if flic.IscPendingBit(3) != 7 {
		t.Errorf("IscPendingBit(3) = %d", flic.IscPendingBit(3))
	}
	wantIrqs(t, vm, ioOn(6, 5, 0))
}

func TestAServiceSignalWithAnSCCBAndEventBitsArrivesTwice(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1001}))
	wantDelivery(t, deliver(t, vm, serviceOnly(), flic.DeliverOptions{}), flic.Delivery{
		Class: flic.ClassExternal, PendingBit: flic.IRQ_PEND_EXT_SERVICE_EV,
		Record: flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1}, Stores: serviceStores(0x1),
		OldPSWOffset: flic.LC_EXT_OLD_PSW, NewPSWOffset: flic.LC_EXT_NEW_PSW,
	})
	wantDelivery(t, deliver(t, vm, serviceOnly(), flic.DeliverOptions{}), flic.Delivery{
		Class: flic.ClassExternal, PendingBit: flic.IRQ_PEND_EXT_SERVICE,
		Record: flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1000}, Stores: serviceStores(0x1000),
		OldPSWOffset: flic.LC_EXT_OLD_PSW, NewPSWOffset: flic.LC_EXT_NEW_PSW,
	})
	wantDelivery(t, deliver(t, vm, serviceOnly(), flic.DeliverOptions{}), flic.Delivery{Class: flic.ClassNone})
}

func TestPriorityAndGates(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 0, 0), flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x2000},
		flic.MchkIrq{CR14: 0x10000000, MCIC: 0x40}))
	want := []flicv1.InterruptClass{flic.ClassMachineCheck, flic.ClassExternal, flic.ClassIO, flic.ClassNone}
	for i, class := range want {
		d := deliver(t, vm, openGates(), flic.DeliverOptions{})
		if d.Class != class {
			t.Fatalf("delivery %d: %v, want %v", i, d.Class, class)
		}
		if i == 0 && (d.Record != flic.MchkIrq{CR14: 0x10000000, MCIC: 0x40} ||
			!containsStore(d.Stores, flic.LowcoreStore{Offset: flic.LC_MCCK_CODE, Data: binary.BigEndian.AppendUint64(nil, 0x40)})) {
			t.Errorf("machine check: %+v", d)
		}
	}
	// A closed gate leaves the interrupt where it is.
	must(t, vm.Enqueue(ctx(t), ioOn(2, 4, 0)))
	for _, cpu := range []*flicv1.CpuState{serviceOnly(), ioOnly(flic.CR6IscBit(3))} {
		wantDelivery(t, deliver(t, vm, cpu, flic.DeliverOptions{}), flic.Delivery{Class: flic.ClassNone})
	}
	wantIrqs(t, vm, ioOn(2, 4, 0))
}

func containsStore(stores []flic.LowcoreStore, s flic.LowcoreStore) bool {
	for _, x := range stores {
		if x.Offset == s.Offset && bytes.Equal(x.Data, s.Data) {
			return true
		}
	}
	return false
}

func TestALocalInterruptOfHigherPriorityWins(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 0, 0)))
	cpu := ioOnly(flic.CR6_ALL_ISCS)
	cpu.LocalPending = 1 << flic.IRQ_PEND_PROG
	wantDelivery(t, deliver(t, vm, cpu, flic.DeliverOptions{}), flic.Delivery{Class: flic.ClassLocal, PendingBit: flic.IRQ_PEND_PROG})
	wantIrqs(t, vm, ioOn(1, 0, 0))
}

func TestADryRunChangesNothing(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	must(t, vm.Enqueue(ctx(t), ioOn(1, 2, 0), flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x1001}))
	before, err := vm.Inspect(ctx(t))
	must(t, err)
	dry := deliver(t, vm, openGates(), flic.DeliverOptions{DryRun: true})
	if dry.Class != flic.ClassExternal || dry.PendingBit != flic.IRQ_PEND_EXT_SERVICE_EV {
		t.Fatalf("dry run: %+v", dry)
	}
	wantDelivery(t, deliver(t, vm, openGates(), flic.DeliverOptions{DryRun: true}), dry)
	after, err := vm.Inspect(ctx(t))
	must(t, err)
	if !proto.Equal(before, after) {
		t.Fatalf("a dry run changed the VM:\n%v\n%v", before, after)
	}
	// The real delivery answers exactly what the dry run said, and takes it.
	wantDelivery(t, deliver(t, vm, openGates(), flic.DeliverOptions{}), dry)
	taken, err := vm.Inspect(ctx(t))
	must(t, err)
	if proto.Equal(before, taken) {
		t.Fatal("the delivery changed nothing")
	}
}

func TestAWaitingVCPUTakesWhatArrives(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	wantDelivery(t, deliver(t, vm, ioOnly(flic.CR6_ALL_ISCS), flic.DeliverOptions{Wait: 50 * time.Millisecond}), flic.Delivery{Class: flic.ClassNone})
	cpu1 := ioOnly(flic.CR6_ALL_ISCS)
	cpu1.CpuId = 1
	type answer struct {
		d   flic.Delivery
		err error
	}
	done := make(chan answer, 1)
	go func() {
		d, err := vm.Deliver(ctx(t), cpu1, flic.DeliverOptions{Wait: 30 * time.Second})
		done <- answer{d, err}
	}()
	// Beginning a wait moves the wake-up scan position to that vCPU (docs/delivery.md §5).
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		state, err := vm.Inspect(ctx(t))
		must(t, err)
		if state.GetWaitScanStart() == 1 {
			break
		}
	}
	_, err := vm.Deliver(ctx(t), cpu1, flic.DeliverOptions{Wait: 10 * time.Millisecond})
	kvmError(t, err, flic.EBUSY, "DELIVER") // the same vCPU cannot wait twice
	must(t, vm.Enqueue(ctx(t), ioOn(9, 1, 0)))
	select {
	case a := <-done:
		must(t, a.err)
		if a.d.Class != flic.ClassIO || a.d.Record != flic.Irq(ioOn(9, 1, 0)) {
			t.Fatalf("the waiter took %+v", a.d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter did not wake")
	}
	wantIrqs(t, vm)
	for _, wait := range []time.Duration{-time.Second, (1 << 32) * time.Millisecond, math.MaxInt64} {
		if _, err := vm.Deliver(ctx(t), nil, flic.DeliverOptions{Wait: wait}); err == nil {
			t.Errorf("a wait of %v was sent", wait)
		}
	}
}

func TestDeliveryErrnos(t *testing.T) {
	c := dial(t)
	vm := freshVM(t, c, nil)
	for _, cpu := range []*flicv1.CpuState{
		{CpuId: 255}, // past max_vcpus
		{LocalPending: 1 << flic.IRQ_PEND_IO_ISC_0}, // not a local bit
		{Iictl: flic.IICTL_CODE_IO},                 // not a protected VM
	} {
		_, err := vm.Deliver(ctx(t), cpu, flic.DeliverOptions{})
		kvmError(t, err, flic.EINVAL, "DELIVER")
	}
	const noFlic = "go-delivery-nofic"
	must(t, c.CreateVM(ctx(t), noFlic, nil))
	t.Cleanup(func() { _ = c.DeleteVM(ctx(t), noFlic) })
	_, err := c.VM(noFlic).Deliver(ctx(t), openGates(), flic.DeliverOptions{})
	kvmError(t, err, flic.ENODEV, "")
	_, _, err = c.VM("go-delivery-nowhere").Tpi(ctx(t), flic.CR6_ALL_ISCS)
	kvmError(t, err, flic.ENOENT, "")
	// ReinjectIo leaves the type to the server: a type that is not an I/O type is its EINVAL.
	kvmError(t, vm.ReinjectIo(ctx(t), flic.IoIrq{Type: flic.KVM_S390_INT_SERVICE}), flic.EINVAL, "REINJECT_IO")
}

func TestAProtectedVMReleasesServiceOnTheSCLPIntercept(t *testing.T) {
	vm := freshVM(t, dial(t), &flicv1.VmConfig{Protected: true})
	must(t, vm.Enqueue(ctx(t), flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x8000}))
	masked := func() uint64 {
		state, err := vm.Inspect(ctx(t))
		must(t, err)
		return state.GetMaskedIrqs()
	}
	if m := masked(); m != 1<<flic.IRQ_PEND_EXT_SERVICE {
		t.Fatalf("masked_irqs %#x", m)
	}
	wantDelivery(t, deliver(t, vm, serviceOnly(), flic.DeliverOptions{}), flic.Delivery{Class: flic.ClassNone})
	must(t, vm.PvSclpIntercept(ctx(t)))
	if m := masked(); m != 0 {
		t.Fatalf("masked_irqs %#x after the intercept", m)
	}
	// A protected vCPU: no lowcore stores, no PSW swap; the values travel in the record.
	wantDelivery(t, deliver(t, vm, serviceOnly(), flic.DeliverOptions{}), flic.Delivery{
		Class: flic.ClassExternal, PendingBit: flic.IRQ_PEND_EXT_SERVICE,
		Record: flic.ExtIrq{Type: flic.KVM_S390_INT_SERVICE, ExtParams: 0x8000 | flic.PV_SCLP_NOTIFICATION_PARAMS},
	})
	if m := masked(); m != 1<<flic.IRQ_PEND_EXT_SERVICE {
		t.Fatalf("masked_irqs %#x: taking SERVICE masks it again", m)
	}
}

func TestTheSCLPInterceptOnAVMThatIsNotProtectedIsEINVAL(t *testing.T) {
	vm := freshVM(t, dial(t), nil)
	err := vm.PvSclpIntercept(ctx(t))
	kvmError(t, err, flic.EINVAL, "PV_SCLP_INTERCEPT")
	if !errors.Is(err, flic.EINVAL) {
		t.Fatal(err)
	}
}
